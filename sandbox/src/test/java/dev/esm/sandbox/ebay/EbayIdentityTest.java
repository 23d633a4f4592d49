package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;

import static dev.esm.sandbox.ebay.EbayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The Commerce Identity API's getUser: the seller a user token speaks for, behind its own scope. */
class EbayIdentityTest {

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
    void getUserNamesTheTokensSellerByAnImmutableIdDistinctPerSeller() {
        EbaySeller one = ebay.registerSeller("identity_one");
        EbaySeller two = ebay.registerSeller("identity_two");
        JsonNode first = user(one);
        assertThat(first.path("userId").asString()).isEqualTo(one.userId()).isNotBlank();
        assertThat(first.path("username").asString()).isEqualTo("identity_one");
        assertThat(user(two).path("userId").asString()).isEqualTo(two.userId()).isNotEqualTo(one.userId());
        assertThat(user(one).path("userId").asString()).as("stable").isEqualTo(one.userId());
    }

    @Test
    void aTokenWithoutTheIdentityScopeIsRefused() {
        EbaySeller seller = ebay.registerSeller("identity_narrow");
        String refresh = ebay.issueRefreshToken(app, seller, Set.of(EbaySimulator.SCOPE_FULFILLMENT));
        String access = json(client.refresh(app, refresh, null)).path("access_token").asString();
        assertThat(client.get(EbaySimulator.IDENTITY_PATH, access).statusCode()).isEqualTo(403);
    }

    private JsonNode user(EbaySeller seller) {
        String refresh = ebay.issueRefreshToken(app, seller);
        String access = json(client.refresh(app, refresh, EbaySimulator.SCOPE_IDENTITY)).path("access_token").asString();
        HttpResponse<String> response = client.get(EbaySimulator.IDENTITY_PATH, access);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }
}
