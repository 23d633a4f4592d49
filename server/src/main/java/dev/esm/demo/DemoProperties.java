package dev.esm.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param password the demo operator's password ({@code ESM_DEMO_PASSWORD}); blank: generated and printed once
 * @param walmart  the sandbox seller the demo's Walmart store connects to, set by the sandbox in demo mode
 * @param amazon   the sandbox seller the demo's Amazon store connects to, set by the sandbox in demo mode
 * @param ebay     the sandbox seller the demo's eBay store connects to, set by the sandbox in demo mode
 * @param easypost the sandbox shipping provider's API key the demo stores buy labels with, set by the sandbox
 */
@ConfigurationProperties("esm.demo")
record DemoProperties(String password, SandboxSeller walmart, SandboxAmazonSeller amazon, SandboxEbaySeller ebay,
                      SandboxShippingAccount easypost) {

    /** An API key of the sandbox's EasyPost-compatible provider (a test key, not a real one). */
    record SandboxShippingAccount(String apiKey) {
    }

    /**
     * An eBay seller's consent on the sandbox (not a real refresh token); new on every start of the sandbox. The
     * user id is the seller's on the sandbox, what eBay's getUser would answer after a consent.
     */
    record SandboxEbaySeller(String refreshToken, String userId) {
    }

    /** An Amazon seller's authorization on the sandbox (not a real refresh token). */
    record SandboxAmazonSeller(String sellingPartnerId, String refreshToken) {
    }

    /** Credentials of a seller account on a sandbox simulator (not real credentials). */
    record SandboxSeller(String clientId, String clientSecret) {
    }
}
