package dev.esm;

import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.sandbox.walmart.WalmartSimulator;

/** The marketplace simulators shared by the integration tests' one server, started once per test JVM. */
public final class TestSandbox {

    /** ESM's eBay application keys in the tests (sandbox values). */
    public static final String EBAY_CLIENT_ID = "ESMTest-Esm-SBX-0000000000-00000000";
    public static final String EBAY_CLIENT_SECRET = "SBX-test-cert-id-0000";
    /** The RuName the eBay consent page redirects to. */
    /** The RuName whose accept URL is the test server's {@code /connect/ebay/callback} (set by IntegrationTest). */
    public static final String EBAY_CONNECT_RU_NAME = "ESM_Test-ESMTest-ESM-SBX-connect";
    public static final String EBAY_RU_NAME = "ESM_Test-ESMTest-ESM-SBX-test";
    public static final String EBAY_ACCEPT_URL = "http://localhost/stores/ebay/accepted";

    private static WalmartSimulator walmart;
    private static AmazonSimulator amazon;
    private static EbaySimulator ebay;
    private static EbayApp ebayApp;
    private static EasyPostSimulator easypost;

    private TestSandbox() {
    }

    public static synchronized WalmartSimulator walmart() {
        if (walmart == null) {
            walmart = new WalmartSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(walmart::close));
        }
        return walmart;
    }

    /**
     * A Walmart seller account of its own on the shared simulator. ESM checks Walmart credentials with the token call
     * before a store keeps them and refuses a second store of one owner for the same seller, so every Walmart store a
     * test adds needs one of these.
     */
    public static WalmartSeller walmartSeller() {
        return walmart().registerSeller();
    }

    /**
     * Credentials of a Walmart seller account on the shared simulator with this client id and secret (registered on
     * first use), for tests that need particular values, e.g. to look for them in pages and logs.
     */
    public static synchronized StoreCredentials.Walmart walmartCredentials(String clientId, String clientSecret) {
        WalmartSeller seller = walmart().seller(clientId)
                .orElseGet(() -> walmart().registerSeller(clientId, clientSecret));
        if (!seller.clientSecret().equals(clientSecret)) {
            throw new IllegalArgumentException("client id " + clientId + " is registered with another secret");
        }
        return new StoreCredentials.Walmart(clientId, clientSecret);
    }

    /** Credentials of a new Walmart seller account on the shared simulator. */
    public static StoreCredentials.Walmart walmartCredentials() {
        WalmartSeller seller = walmartSeller();
        return new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret());
    }

    /** Amazon SP-API, LWA and the consent page; the app's client id and secret are {@code amazon().app()}. */
    public static synchronized AmazonSimulator amazon() {
        if (amazon == null) {
            amazon = new AmazonSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(amazon::close));
        }
        return amazon;
    }

    public static synchronized EbaySimulator ebay() {
        if (ebay == null) {
            ebay = new EbaySimulator().setQuotasEnabled(false).start();
            ebayApp = ebay.registerApp(EBAY_CLIENT_ID, EBAY_CLIENT_SECRET).addRuName(EBAY_RU_NAME, EBAY_ACCEPT_URL);
            Runtime.getRuntime().addShutdownHook(new Thread(ebay::close));
        }
        return ebay;
    }

    /** ESM's application as the eBay simulator knows it. */
    public static synchronized EbayApp ebayApp() {
        ebay();
        return ebayApp;
    }

    /** EasyPost v2 (shipping labels); each test registers its own API key, so purchases are counted per test. */
    public static synchronized EasyPostSimulator easypost() {
        if (easypost == null) {
            easypost = new EasyPostSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(easypost::close));
        }
        return easypost;
    }
}
