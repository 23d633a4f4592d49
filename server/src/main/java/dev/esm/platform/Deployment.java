package dev.esm.platform;

import java.nio.file.Path;

/**
 * How this server runs. {@code embedded} is true when no external database is configured: the embedded PostgreSQL and
 * a master key file in {@code dataDir}. {@code demo} is true only when demo mode was asked for ({@code ESM_DEMO=true},
 * always on the embedded database): seeded demo data and, unless {@code ESM_SANDBOX=false}, the sandbox simulators
 * (ADR 20).
 */
public record Deployment(boolean embedded, boolean demo, Path dataDir) {
}
