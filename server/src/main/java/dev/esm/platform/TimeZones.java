package dev.esm.platform;

import java.time.ZoneId;
import java.util.UUID;

/**
 * The time zone an operator reads times in (a setting on the account page); pages show times and count "today" in
 * it. Implemented by the module that keeps operators.
 */
public interface TimeZones {

    /** The operator's zone; UTC when the operator chose none or is unknown. */
    ZoneId zoneOf(UUID operatorId);
}
