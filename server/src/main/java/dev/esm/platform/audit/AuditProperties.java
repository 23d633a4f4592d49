package dev.esm.platform.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long audit entries keep the client's full address, and how the sweep that cuts it runs.
 *
 * @param addressRetention full addresses are kept this long, then cut to their network (default 30 days)
 * @param sweepEvery       how often one node sweeps (default 1 hour)
 * @param batch            entries cut in one transaction (default 1,000; a sweep runs batches until none is left)
 */
@ConfigurationProperties("esm.platform.audit")
record AuditProperties(Duration addressRetention, Duration sweepEvery, Integer batch) {

    AuditProperties {
        addressRetention = positive(addressRetention, Duration.ofDays(30), "address-retention");
        sweepEvery = positive(sweepEvery, Duration.ofHours(1), "sweep-every");
        if (batch == null) {
            batch = 1000;
        } else if (batch < 1) {
            throw new IllegalArgumentException("esm.platform.audit.batch must be at least 1");
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("esm.platform.audit." + name + " must be positive");
        }
        return value;
    }
}
