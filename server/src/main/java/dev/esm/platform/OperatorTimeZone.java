package dev.esm.platform;

import java.time.ZoneId;

/**
 * The time zone the acting operator reads times in. Pages format times through {@code @dates} in this zone; without a
 * bean of this type (no time-zone setting yet) every time is shown in UTC.
 */
public interface OperatorTimeZone {

    /** The acting operator's zone; UTC when there is none or it is unknown. */
    ZoneId zone();
}
