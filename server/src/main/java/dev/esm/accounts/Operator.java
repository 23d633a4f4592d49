package dev.esm.accounts;

import java.time.Instant;
import java.util.UUID;

/** An operator as others see it: never the password hash. */
public record Operator(UUID id, String email, String name, boolean platformAdmin, Instant createdAt) {
}
