package dev.esm;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole server on a random port against a real PostgreSQL (see {@link TestDatabase}).
 * All such tests share one application context, with the Walmart and Amazon connectors pointed at shared simulators.
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
        registry.add("esm.connectors.amazon.base-url", () -> TestSandbox.amazon().baseUrl());
        registry.add("esm.connectors.amazon.token-url", () -> TestSandbox.amazon().tokenUrl());
        registry.add("esm.connectors.amazon.client-id", () -> TestSandbox.amazon().app().clientId());
        registry.add("esm.connectors.amazon.client-secret", () -> TestSandbox.amazon().app().clientSecret());
        // syncs run when a test asks for them (SyncOrders, or a scheduler node of its own), not in the background
        registry.add("esm.orders.sync.scheduler", () -> "false");
    }

    protected WebClient browser() {
        return new WebClient("http://localhost:" + port);
    }
}
