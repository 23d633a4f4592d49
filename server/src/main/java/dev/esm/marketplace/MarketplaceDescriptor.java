package dev.esm.marketplace;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.esm.platform.quota.CallLimit;
import dev.esm.shared.Marketplace;

/**
 * Everything ESM knows about one marketplace, in one place (one registry entry per adapter package): how a store is
 * connected (the credential fields an operator types in, or the consent page), its documented call limits and what
 * each is metered by, and how its answers map to the closed {@link MarketplaceException} set.
 *
 * @param authorization    how a store gets its credentials
 * @param credentialFields the fields of the connect form (empty when the consent page provides everything)
 * @param fromFields       builds the credentials from those fields (name → value);
 *                         {@link StoreCredentials.InvalidCredentials} for a missing or too long one
 * @param callLimits       the documented limits of the calls ESM makes, each with its meter
 * @param errorMapping     the marketplace's answers and the failure each becomes, for people (docs, health pages)
 * @param connectHelp      where the seller finds the credentials (typed ones) or what the consent page asks
 */
public record MarketplaceDescriptor(Marketplace marketplace, Authorization authorization,
                                    List<CredentialField> credentialFields,
                                    Function<Map<String, String>, StoreCredentials> fromFields,
                                    List<CallLimit> callLimits, Map<String, String> errorMapping,
                                    String connectHelp) {

    public MarketplaceDescriptor {
        Objects.requireNonNull(marketplace, "marketplace");
        Objects.requireNonNull(authorization, "authorization");
        credentialFields = List.copyOf(credentialFields);
        callLimits = List.copyOf(callLimits);
        errorMapping = Map.copyOf(errorMapping);
    }

    /** How a store of this marketplace is connected. */
    public enum Authorization {
        /** The operator types the seller's API credentials; ESM gets tokens with the client-credentials grant. */
        CLIENT_CREDENTIALS,
        /** The seller consents on the marketplace's page; ESM keeps the refresh token it is given. */
        CONSENT_PAGE
    }

    /**
     * One field of the connect form.
     *
     * @param name      the form and JSON field name
     * @param label     shown to the operator
     * @param secret    shown as a password field and never echoed back
     * @param maxLength the longest value accepted
     */
    public record CredentialField(String name, String label, boolean secret, int maxLength) {
    }

    /** The marketplace's name as people read it. */
    public String displayName() {
        return marketplace.displayName();
    }

    /** Whether the operator types credentials in (else: the consent page). */
    public boolean typedCredentials() {
        return authorization == Authorization.CLIENT_CREDENTIALS;
    }

    /** The credentials from the connect form's fields. */
    public StoreCredentials credentials(Map<String, String> fields) {
        if (fromFields == null) {
            throw new StoreCredentials.InvalidCredentials(displayName() + " stores connect through "
                    + displayName() + "'s consent page.");
        }
        return fromFields.apply(fields);
    }
}
