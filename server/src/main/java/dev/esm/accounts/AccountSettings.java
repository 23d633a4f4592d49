package dev.esm.accounts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param endTokensOnPasswordChange whether changing the password also ends the operator's API tokens (default on)
 * @param passwordMinimumEntropy    the least estimated entropy of a new password, in bits (nbvcxz's estimate; default
 *                                  30, about a billion guesses)
 */
@ConfigurationProperties("esm.accounts")
public record AccountSettings(Boolean endTokensOnPasswordChange, Double passwordMinimumEntropy) {

    public AccountSettings {
        endTokensOnPasswordChange = endTokensOnPasswordChange == null || endTokensOnPasswordChange;
        passwordMinimumEntropy = passwordMinimumEntropy == null ? 30.0 : passwordMinimumEntropy;
    }
}
