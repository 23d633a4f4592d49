package dev.esm.accounts;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for emails, names and passwords, checked where an account is created or changed. */
public final class Credentials {

    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private Credentials() {
    }

    public static String email(String raw) {
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new AccountException("invalid-email", "Enter a valid email address.");
        }
        return email;
    }

    public static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new AccountException("invalid-name", "Enter a name of 1 to 100 characters.");
        }
        return name;
    }

    public static String newPassword(String raw) {
        if (raw == null || raw.length() < MIN_PASSWORD || raw.length() > MAX_PASSWORD) {
            throw new AccountException("weak-password",
                    "Choose a password of " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        if (raw.isBlank() || raw.chars().distinct().count() < 4) {
            throw new AccountException("weak-password", "Choose a less predictable password.");
        }
        return raw;
    }
}
