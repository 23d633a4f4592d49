package dev.esm.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.esm.shared.Marketplace;

/** The retention settings as an operator writes them: per marketplace by its lower-case name, 30 days otherwise. */
class RetentionPropertiesTests {

    @Test
    void unsetMarketplacesKeepTheDefaultAndANamedOneItsOwnDays() {
        RetentionProperties properties = bind(Map.of("esm.privacy.retention.days.ebay", "60"));
        assertThat(properties.retention(Marketplace.EBAY)).isEqualTo(Duration.ofDays(60));
        assertThat(properties.retention(Marketplace.AMAZON)).isEqualTo(Duration.ofDays(30));
        assertThat(properties.retention(Marketplace.WALMART)).isEqualTo(Duration.ofDays(30));
        assertThat(properties.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.batchSize()).isEqualTo(500);
        assertThat(properties.enabled()).isTrue();
    }

    @Test
    void theDefaultCanBeChangedForAll() {
        RetentionProperties properties = bind(Map.of("esm.privacy.retention.default-days", "14",
                "esm.privacy.retention.days.walmart", "45"));
        assertThat(properties.retention(Marketplace.AMAZON)).isEqualTo(Duration.ofDays(14));
        assertThat(properties.retention(Marketplace.WALMART)).isEqualTo(Duration.ofDays(45));
    }

    @Test
    void aBadValueStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("esm.privacy.retention.days.amazon", "0")))
                .hasStackTraceContaining("esm.privacy.retention.days.amazon must be 1 to 3650 days");
        assertThatThrownBy(() -> bind(Map.of("esm.privacy.retention.batch-size", "0")))
                .hasStackTraceContaining("batch-size");
    }

    private static RetentionProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("esm.privacy.retention", RetentionProperties.class);
    }
}
