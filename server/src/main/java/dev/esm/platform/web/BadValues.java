package dev.esm.platform.web;

import java.sql.SQLException;

/**
 * A backstop, not the rule: a value that passed the request's own checks and still broke a column's range or type
 * (PostgreSQL's "data exception" class 22, or a check constraint, 23514) was the client's to fix, so it is a 400.
 */
final class BadValues {

    static final String DETAIL = "A value is out of the accepted range or not accepted; nothing was changed.";

    private BadValues() {
    }

    static boolean refusedByDatabase(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().equals("23514"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
