package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import static dev.esm.sandbox.ebay.EbayHttp.encode;
import static dev.esm.sandbox.ebay.EbayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Marketplace Account Deletion: the public-key endpoint behind an application token, and signed notifications. */
class EbayNotificationsTest {

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EbaySimulator ebay;
    private EbayApp app;
    private EbayHttp client;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 7).start(0);
        app = ebay.registerApp("app-id-1", "cert-id-1");
        client = new EbayHttp(ebay.baseUrl());
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void aNotificationVerifiesWithTheKeyServedForItsKeyIdOverTheExactBytes() throws Exception {
        KeyPair pair = EbayNotifications.generate();
        ebay.notifications().register("kid-1", pair, "SHA1");
        EbayNotifications.Notification notice = ebay.notifications().notification("some_buyer", "u-123");
        JsonNode header = Json.parse(Base64.getDecoder().decode(notice.signatureHeader()));
        assertThat(header.path("alg").asString()).isEqualTo("ecdsa");
        assertThat(header.path("digest").asString()).isEqualTo("SHA1");
        assertThat(header.path("kid").asString()).isEqualTo("kid-1");
        JsonNode body = Json.parse(notice.body());
        assertThat(body.path("metadata").path("topic").asString()).isEqualTo("MARKETPLACE_ACCOUNT_DELETION");
        assertThat(body.path("notification").path("data").path("username").asString()).isEqualTo("some_buyer");

        HttpResponse<String> key = client.get(EbayNotifications.PUBLIC_KEY_PATH + "kid-1", appToken());
        assertThat(key.statusCode()).isEqualTo(200);
        JsonNode served = json(key);
        assertThat(served.path("algorithm").asString()).isEqualTo("ECDSA");
        String pem = served.path("key").asString();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").endsWith("-----END PUBLIC KEY-----").doesNotContain("\n");
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));
        assertThat(publicKey).isEqualTo(pair.getPublic());
        Signature verifier = Signature.getInstance("SHA1withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(notice.body());
        assertThat(verifier.verify(Base64.getDecoder().decode(header.path("signature").asString()))).isTrue();
        verifier.initVerify(publicKey);
        verifier.update(new String(notice.body(), StandardCharsets.UTF_8).replace("some_buyer", "other_buyer")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(header.path("signature").asString()))).isFalse();
    }

    @Test
    void anUnknownKeyIdIs404InEbaysErrorShapeAndATokenIsRequired() {
        HttpResponse<String> unknown = client.get(EbayNotifications.PUBLIC_KEY_PATH + "no-such-kid", appToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("errors").path(0).path("domain").asString()).isEqualTo("API_NOTIFICATION");
        String kid = ebay.notifications().currentKey().kid();
        assertThat(client.get(EbayNotifications.PUBLIC_KEY_PATH + kid, null).statusCode()).isEqualTo(401);
        assertThat(client.get(EbayNotifications.PUBLIC_KEY_PATH + kid, "not-a-token").statusCode()).isEqualTo(401);
        ebay.notifications().retire(kid);
        assertThat(client.get(EbayNotifications.PUBLIC_KEY_PATH + kid, appToken()).statusCode()).isEqualTo(404);
    }

    private String appToken() {
        HttpResponse<String> token = client.token(app.clientId(), app.clientSecret(),
                "grant_type=client_credentials&scope=" + encode(EbaySimulator.SCOPE_API));
        assertThat(token.statusCode()).isEqualTo(200);
        return json(token).path("access_token").asString();
    }
}
