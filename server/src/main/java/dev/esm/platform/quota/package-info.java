/**
 * Shared call quotas: token buckets in PostgreSQL (Bucket4j) used by every node, keyed the way each API meters its
 * calls. Knows no marketplace or provider; its callers map {@link dev.esm.platform.quota.QuotaExhausted} to their own
 * outcomes.
 */
@org.springframework.modulith.NamedInterface("quota")
package dev.esm.platform.quota;
