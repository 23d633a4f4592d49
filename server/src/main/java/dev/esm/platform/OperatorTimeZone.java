package dev.esm.platform;

import java.time.ZoneId;
import java.util.UUID;

/**
 * The time zone an operator reads times in (a setting on the account page): pages show times and count "today" in it.
 * Implemented by the module that keeps operators (accounts), so other modules need not depend on it. Pages format
 * times through {@code @dates} in {@link #zone()}; without a bean of this type every time is shown in UTC. (One
 * interface since issue 11's review: it replaced {@code TimeZones}, which offered {@link #zoneOf} alone.)
 */
public interface OperatorTimeZone {

    /** The acting operator's zone; UTC when there is none or it is unknown. */
    ZoneId zone();

    /** An operator's zone; UTC when the operator chose none or is unknown. */
    ZoneId zoneOf(UUID operatorId);
}
