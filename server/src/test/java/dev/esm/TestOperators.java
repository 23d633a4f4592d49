package dev.esm;

import java.util.UUID;

import org.springframework.boot.test.context.TestComponent;

import dev.esm.accounts.Accounts;

/** Signs up operators with unique emails for a test. */
@TestComponent
public class TestOperators {

    public static final String PASSWORD = "quiet otter juggles 41 lanterns";

    private final Accounts accounts;

    TestOperators(Accounts accounts) {
        this.accounts = accounts;
    }

    public record TestOperator(UUID id, String email, String password) {
    }

    public TestOperator create(String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.test";
        UUID id = accounts.signUp(email, name, PASSWORD, "test").id();
        return new TestOperator(id, email, PASSWORD);
    }
}
