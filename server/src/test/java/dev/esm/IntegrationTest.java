package dev.esm;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole server on a random port against a real PostgreSQL (see {@link TestDatabase}).
 * All such tests share one application context, with the Walmart and eBay connectors pointed at shared simulators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestOperators.class)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestOperators operators;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("esm.connectors.walmart.base-url", () -> TestSandbox.walmart().baseUrl());
        registry.add("esm.connectors.ebay.base-url", () -> TestSandbox.ebay().baseUrl());
        registry.add("esm.connectors.ebay.token-url", () -> TestSandbox.ebay().tokenUrl());
        registry.add("esm.connectors.ebay.client-id", () -> TestSandbox.EBAY_CLIENT_ID);
        registry.add("esm.connectors.ebay.client-secret", () -> TestSandbox.EBAY_CLIENT_SECRET);
        // syncs run when a test asks for them (SyncOrders, or a scheduler node of its own), not in the background
        registry.add("esm.orders.sync.scheduler", () -> "false");
    }

    protected WebClient browser() {
        return new WebClient("http://localhost:" + port);
    }
}
