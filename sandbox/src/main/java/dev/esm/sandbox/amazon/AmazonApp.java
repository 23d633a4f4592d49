package dev.esm.sandbox.amazon;

/**
 * The one SP-API application the simulator knows (the app ESM would register in Solution Provider Portal):
 * its application id ({@code amzn1.sp.solution...}, used by the consent page), its LWA client id and secret (used at
 * the token endpoint) and its registered OAuth redirect URI.
 */
public record AmazonApp(String applicationId, String clientId, String clientSecret, String redirectUri) {

    public AmazonApp {
        if (applicationId == null || applicationId.isBlank() || clientId == null || clientId.isBlank()
                || clientSecret == null || clientSecret.isBlank() || redirectUri == null || redirectUri.isBlank()) {
            throw new IllegalArgumentException("application id, client id, client secret and redirect URI are required");
        }
    }

    @Override
    public String toString() {
        return "AmazonApp[" + applicationId + ", " + clientId + ", secret hidden, " + redirectUri + "]";
    }
}
