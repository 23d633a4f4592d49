package dev.esm;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.esm.platform.events.FlakyListener;
import dev.esm.shipping.TestShipping;

/**
 * Base of the tests that run the whole server on a free port against a real PostgreSQL (see {@link TestDatabase}).
 * The port is chosen before the server starts, so that the Amazon simulator's consent page can redirect back to it.
 * All such tests share one application context (with {@link TestOperators}, {@link TestShipping} and the
 * application's clock, {@link TestClock}), with the
 * Walmart, Amazon, eBay and EasyPost connectors pointed at shared
 * simulators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import({TestOperators.class, TestShipping.class, TestClock.class, FlakyListener.class})
public abstract class IntegrationTest {

    private static final int SERVER_PORT = freePort();
    /** The verification token of eBay's account deletion webhook in tests. */
    protected static final String EBAY_DELETION_TOKEN = "esm-test-verification-token-0123456789abcdef";

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestOperators operators;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("esm.connectors.walmart.base-url", () -> TestSandbox.walmart().baseUrl());
        registry.add("esm.connectors.amazon.base-url", () -> TestSandbox.amazon().baseUrl());
        registry.add("esm.connectors.amazon.token-url", () -> TestSandbox.amazon().tokenUrl());
        registry.add("esm.connectors.amazon.client-id", () -> TestSandbox.amazon().app().clientId());
        registry.add("esm.connectors.amazon.client-secret", () -> TestSandbox.amazon().app().clientSecret());
        registry.add("server.port", () -> SERVER_PORT);
        String callback = "http://localhost:" + SERVER_PORT + "/connect/amazon/callback";
        TestSandbox.amazon().setRedirectUri(callback);
        registry.add("esm.connectors.amazon.consent.url", () -> TestSandbox.amazon().baseUrl() + "/apps/authorize/consent");
        registry.add("esm.connectors.amazon.consent.application-id", () -> TestSandbox.amazon().app().applicationId());
        registry.add("esm.connectors.amazon.consent.redirect-uri", () -> callback);
        registry.add("esm.connectors.ebay.base-url", () -> TestSandbox.ebay().baseUrl());
        registry.add("esm.connectors.ebay.token-url", () -> TestSandbox.ebay().tokenUrl());
        registry.add("esm.connectors.ebay.client-id", () -> TestSandbox.EBAY_CLIENT_ID);
        registry.add("esm.connectors.ebay.client-secret", () -> TestSandbox.EBAY_CLIENT_SECRET);
        TestSandbox.ebayApp().addRuName(TestSandbox.EBAY_CONNECT_RU_NAME,
                "http://localhost:" + SERVER_PORT + "/connect/ebay/callback");
        registry.add("esm.connectors.ebay.consent.url", () -> TestSandbox.ebay().baseUrl() + "/oauth2/authorize");
        registry.add("esm.connectors.ebay.consent.ru-name", () -> TestSandbox.EBAY_CONNECT_RU_NAME);
        // eBay's account deletion webhook is configured, its keys come from the simulator (so the fuzzer reaches it)
        registry.add("esm.connectors.ebay.account-deletion.verification-token", () -> EBAY_DELETION_TOKEN);
        registry.add("esm.connectors.ebay.account-deletion.endpoint-url",
                () -> "http://localhost:" + SERVER_PORT + "/webhooks/ebay/account-deletion");
        registry.add("esm.connectors.easypost.base-url", () -> TestSandbox.easypost().baseUrl());
        // short enough for the buy-timeout tests, long enough for a label file on a busy machine
        registry.add("esm.connectors.easypost.request-timeout", () -> "2s");
        registry.add("esm.shipping.buy-grace", () -> "30s");
        registry.add("esm.shipping.buy-wait", () -> "10s");
        // tracking pushes: retries come quickly (tests drive them with TrackingPushes.runDue), a lost answer is read
        // back after a second
        registry.add("esm.shipping.push.first-retry", () -> "200ms");
        registry.add("esm.shipping.push.max-retry", () -> "1s");
        registry.add("esm.shipping.push.settle", () -> "1s");
        // batches pace themselves to the provider's rate; the simulator here has no limit, the tests need no wait
        registry.add("esm.shipping.batch.provider-rate", () -> "100");
        registry.add("esm.shipping.batch.provider-burst", () -> "100");
        // syncs run when a test asks for them (SyncOrders, or a scheduler node of its own), not in the background
        registry.add("esm.orders.sync.scheduler", () -> "false");
        // a store's circuit breaker stays open for as long as in production; a test that watches it close moves the
        // application's clock (TestClock) past the cool-down instead of waiting
        registry.add("esm.orders.sync.breaker-cool-down", () -> "5m");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected WebClient browser() {
        return new WebClient("http://localhost:" + port);
    }
}
