package dev.esm.platform.web;

/**
 * What text the server accepts from a request anywhere: no control characters but tab, line feed and carriage
 * return (so no NUL, which PostgreSQL cannot store, and no escape sequences for a terminal or a log), no unpaired
 * surrogate, and no value longer than {@link #MAX_LENGTH} characters. Fields have tighter limits of their own.
 */
final class InputText {

    /** The longest text any single value may have; the longest real one is a marketplace refresh token. */
    static final int MAX_LENGTH = 10_000;

    private InputText() {
    }

    /** Why {@code value} is refused, or null when it is acceptable. */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            return "is too long (at most " + MAX_LENGTH + " characters)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return "contains a control character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return "contains an invalid character";
                }
            } else if (Character.isLowSurrogate(c)) {
                return "contains an invalid character";
            }
        }
        return null;
    }
}
