package dev.esm.platform;

import java.nio.file.Path;

/**
 * How this server runs. {@code demo} is true when no external database is configured: the embedded PostgreSQL, a
 * master key file in {@code dataDir}, and seeded demo data.
 */
public record Deployment(boolean demo, Path dataDir) {
}
