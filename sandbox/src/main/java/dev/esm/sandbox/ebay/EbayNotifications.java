package dev.esm.sandbox.ebay;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Notification API's side of Marketplace Account Deletion: {@code GET /commerce/notification/v1/public_key/{id}}
 * (an application token is enough; an unknown key id answers 404 in eBay's error envelope) and the sender of signed
 * {@code MARKETPLACE_ACCOUNT_DELETION} notifications, signed with ECDSA over SHA-1 ({@code digest "SHA1"}, as eBay's
 * keys say) over the exact bytes sent, the signature in the {@code X-EBAY-SIGNATURE} header as base64 of
 * {@code {"alg":"ecdsa","kid":...,"signature":<base64 DER>,"digest":"SHA1"}}. The public key is served on one line,
 * PEM armour and all, as eBay sends it.
 */
public final class EbayNotifications {

    public static final String PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key/";
    public static final String SIGNATURE_HEADER = "X-EBAY-SIGNATURE";
    public static final String TOPIC = "MARKETPLACE_ACCOUNT_DELETION";
    private static final DateTimeFormatter EBAY_TIME = DateTimeFormatter.ISO_INSTANT;

    /** A key pair eBay signs with, its digest ({@code SHA1} or {@code SHA256}). */
    public record SigningKey(String kid, KeyPair pair, String digest) {
    }

    /**
     * One notification as it leaves eBay: the exact body bytes and the signature header over them. Tests tamper with
     * either and deliver them with {@link EbayNotifications#deliver(URI, byte[], String)}.
     */
    public record Notification(String notificationId, byte[] body, String signatureHeader) {
    }

    private final Clock clock;
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile SigningKey current;

    EbayNotifications(Clock clock) {
        this.clock = clock;
        this.current = register(UUID.randomUUID().toString(), generate(), "SHA1");
    }

    /** A fresh EC P-256 key pair (what eBay's notification keys are). */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code pair}'s public key under {@code kid}; it signs what is sent from now on. */
    public SigningKey register(String kid, KeyPair pair, String digest) {
        if (!digest.equals("SHA1") && !digest.equals("SHA256")) {
            throw new IllegalArgumentException("digest must be SHA1 or SHA256");
        }
        SigningKey key = new SigningKey(kid, pair, digest);
        keys.put(kid, key);
        current = key;
        return key;
    }

    /** Stops serving a key id (its notifications can no longer be checked). */
    public void retire(String kid) {
        keys.remove(kid);
    }

    public SigningKey currentKey() {
        return current;
    }

    /** A deletion notification for the user, signed with the current key. */
    public Notification notification(String username, String userId) {
        String id = UUID.randomUUID() + "_" + UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = Json.object();
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("topic", TOPIC);
        metadata.put("schemaVersion", "1.0");
        metadata.put("deprecated", false);
        ObjectNode notification = body.putObject("notification");
        notification.put("notificationId", id);
        notification.put("eventDate", EBAY_TIME.format(now.minusSeconds(1)));
        notification.put("publishDate", EBAY_TIME.format(now));
        notification.put("publishAttemptCount", 1);
        ObjectNode data = notification.putObject("data");
        data.put("username", username);
        data.put("userId", userId);
        data.put("eiasToken", Base64.getEncoder().encodeToString(("eias:" + userId).getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = Json.bytes(body);
        return new Notification(id, bytes, sign(current, bytes));
    }

    /** The {@code X-EBAY-SIGNATURE} value for {@code body} signed with {@code key}. */
    public static String sign(SigningKey key, byte[] body) {
        try {
            Signature signer = Signature.getInstance(key.digest() + "withECDSA");
            signer.initSign(key.pair().getPrivate());
            signer.update(body);
            ObjectNode header = Json.object();
            header.put("alg", "ecdsa");
            header.put("kid", key.kid());
            header.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
            header.put("digest", key.digest());
            return Base64.getEncoder().encodeToString(Json.bytes(header));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a deletion notification for the user to {@code endpoint}; the endpoint's HTTP status. */
    public int send(URI endpoint, String username, String userId) {
        Notification notification = notification(username, userId);
        return deliver(endpoint, notification.body(), notification.signatureHeader());
    }

    /** POSTs {@code body} as eBay does (JSON, the signature header unless null); the endpoint's HTTP status. */
    public int deliver(URI endpoint, byte[] body, String signatureHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header(SIGNATURE_HEADER, signatureHeader);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("could not deliver the notification: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /commerce/notification/v1/public_key/{public_key_id}}. */
    SandboxResponse publicKey(SandboxRequest request) {
        String kid = request.pathParam("publicKeyId");
        SigningKey key = kid == null ? null : keys.get(kid);
        if (key == null) {
            // the Notification API's errorId for an unknown key id is not documented (UNCONFIRMED); shape as eBay's
            throw new SandboxException(EbayErrors.response(404, 195001, "API_NOTIFICATION", "REQUEST",
                    "The specified public key ID was not found.", null));
        }
        String pem = "-----BEGIN PUBLIC KEY-----"
                + Base64.getEncoder().encodeToString(key.pair().getPublic().getEncoded()) + "-----END PUBLIC KEY-----";
        ObjectNode body = Json.object();
        body.put("algorithm", "ECDSA");
        body.put("digest", key.digest());
        body.put("key", pem);
        return SandboxResponse.json(200, body);
    }
}
