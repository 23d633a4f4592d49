package dev.esm.accounts;

import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * What a new password must be beyond its length (ASVS 6.2.4, 6.2.12): not one of the 100,000 most common passwords
 * (the breach-derived list nbvcxz ships), free of the operator's email, and not guessable by the patterns nbvcxz
 * estimates (sequences, repeats, keyboard walks, dictionary words, dates), at a minimum estimated entropy.
 */
@Component
class PasswordPolicy {

    /** Shorter parts before the @ (such as "demo" or "bob") are ordinary words, left to the entropy estimate. */
    static final int MIN_LOCAL_PART = 5;

    private final AccountSettings settings;
    /** nbvcxz's dictionaries, loaded at the first check, not at start (they take about a second to load). */
    private volatile Estimator loaded;

    PasswordPolicy(AccountSettings settings) {
        this.settings = settings;
    }

    private record Estimator(Nbvcxz estimator, Set<String> common) {
    }

    private Estimator loaded() {
        Estimator current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    Configuration configuration = new ConfigurationBuilder()
                            .setLocale(Locale.ENGLISH)
                            .setMinimumEntropy(settings.passwordMinimumEntropy())
                            .createConfiguration();
                    loaded = new Estimator(new Nbvcxz(configuration), configuration.getDictionaries().stream()
                            .filter(dictionary -> "passwords".equals(dictionary.getDictionaryName()))
                            .map(Dictionary::getDictonary).findFirst()
                            .orElseThrow(() -> new IllegalStateException("nbvcxz ships no password list"))
                            .keySet());
                }
                current = loaded;
            }
        }
        return current;
    }

    /** The password when acceptable for this email. */
    String check(String password, String email) {
        String checked = Credentials.newPassword(password);
        Estimator policy = loaded();
        Set<String> common = policy.common();
        String lower = checked.toLowerCase(Locale.ROOT);
        if (common.contains(checked) || common.contains(lower) || common.contains(lower.strip())) {
            throw new AccountException("common-password",
                    "This password is on a list of the most common and breached passwords. Choose another.");
        }
        if (containsEmail(lower, email)) {
            throw new AccountException("password-contains-email",
                    "Do not use your email address, or its part before the @, in your password.");
        }
        Result result = policy.estimator().estimate(checked);
        if (!result.isMinimumEntropyMet()) {
            String warning = result.getFeedback().getWarning();
            throw new AccountException("weak-password", "Choose a less predictable password"
                    + (warning == null ? "." : ": " + warning)
                    + " A few uncommon words together work well.");
        }
        return checked;
    }

    private static boolean containsEmail(String lowerPassword, String email) {
        if (email == null || email.isBlank()) {
            return false;
        }
        String lowerEmail = email.strip().toLowerCase(Locale.ROOT);
        int at = lowerEmail.indexOf('@');
        String local = at > 0 ? lowerEmail.substring(0, at) : lowerEmail;
        return lowerPassword.contains(lowerEmail) || (local.length() >= MIN_LOCAL_PART && lowerPassword.contains(local));
    }
}
