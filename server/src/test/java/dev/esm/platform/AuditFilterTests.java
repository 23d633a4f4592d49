package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class AuditFilterTests {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void daysAreReadInTheOperatorsZoneBothIncluded() {
        AuditFilter filter = AuditFilter.parse("store.rename", "2026-01-15", "2026-01-15", null, null, NEW_YORK);
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-01-15T05:00:00Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-01-16T05:00:00Z"));
        assertThat(filter.action()).isEqualTo("store.rename");
        assertThat(filter.limit()).isEqualTo(AuditFilter.DEFAULT_LIMIT);
    }

    @Test
    void instantsAndCursorsAreTakenAsGiven() {
        AuditFilter filter = AuditFilter.parse(" ", "2026-01-15T03:00:00Z", null, "42", "10", NEW_YORK);
        assertThat(filter.action()).isNull();
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-01-15T03:00:00Z"));
        assertThat(filter.before()).isEqualTo(42L);
        assertThat(filter.limit()).isEqualTo(10);
    }

    @Test
    void whatCannotBeReadNamesItsField() {
        assertField("from", () -> AuditFilter.parse(null, "yesterday", null, null, null, NEW_YORK));
        assertField("to", () -> AuditFilter.parse(null, null, "2026-02-30", null, null, NEW_YORK));
        assertField("to", () -> AuditFilter.parse(null, "2026-02-02", "2026-02-01", null, null, NEW_YORK));
        assertField("from", () -> AuditFilter.parse(null, "+10000-01-01T00:00:00Z", null, null, null, NEW_YORK));
        assertField("before", () -> AuditFilter.parse(null, null, null, "0", null, NEW_YORK));
        assertField("before", () -> AuditFilter.parse(null, null, null, "99999999999999999999", null, NEW_YORK));
        assertField("limit", () -> AuditFilter.parse(null, null, null, null, "201", NEW_YORK));
        assertField("action", () -> AuditFilter.parse("Store.Rename; --", null, null, null, null, NEW_YORK));
    }

    @Test
    void everyKnownActionHasWordsAndAnUnknownOneIsReadable() {
        AuditActions.known().forEach((action, words) -> assertThat(AuditActions.describe(action)).isEqualTo(words));
        assertThat(AuditActions.describe("privacy.something-new")).isEqualTo("Privacy something new");
    }

    private static void assertField(String field, org.assertj.core.api.ThrowableAssert.ThrowingCallable parse) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(AuditFilter.Invalid.class, invalid -> {
            assertThat(invalid.field()).isEqualTo(field);
            assertThat(invalid.code()).isEqualTo("invalid-filter");
            assertThat(invalid.kind()).isEqualTo(dev.esm.platform.web.ProblemException.Kind.INVALID);
        });
    }
}
