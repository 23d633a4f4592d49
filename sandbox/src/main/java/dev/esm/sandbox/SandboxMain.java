package dev.esm.sandbox;

import dev.esm.sandbox.amazon.AmazonApp;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the marketplace simulators standalone until killed:
 * <pre>
 * ./mvnw -q -pl sandbox compile exec:java
 * ./mvnw -q -pl sandbox compile exec:java -Dexec.args="--port=9101 --sellers=3 --orders=1000 --seed=42 --tick=10"
 * ./mvnw -q -pl sandbox compile exec:java -Dsandbox.port=9200 -Dsandbox.log=true
 * </pre>
 * Walmart listens on {@code port}, Amazon (SP-API, LWA token endpoint and consent page) on {@code amazon-port}, eBay
 * (Sell APIs, OAuth token endpoint and consent page) on {@code ebay-port}, the EasyPost shipping API on
 * {@code easypost-port} with the API key {@link #EASYPOST_DEMO_API_KEY}.
 * Options (argument {@code --name=value} or system property {@code sandbox.name}): port (9101), amazon-port (port + 1),
 * amazon-redirect-uri (the app's registered OAuth redirect URI), ebay-port (port + 2; -1 = no eBay),
 * easypost-port (port + 3; -1 = no EasyPost), ebay-accept-url
 * (where eBay's consent page sends the browser; default the simulator's own page), host (127.0.0.1),
 * sellers (3), orders per seller (1000), days the orders spread over (30), seed (42), tick seconds (15; 0 = never),
 * tick-orders (2 new orders per seller per tick), tick-changes (3 status changes per seller per tick),
 * log (false: one line per request).
 */
public final class SandboxMain {

    /** The EasyPost simulator's API key in the standalone sandbox (a sandbox value, not a real EasyPost key). */
    public static final String EASYPOST_DEMO_API_KEY = "EZTK-esm-sandbox-demo-key";

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        int port = Integer.parseInt(option(options, "port", "9101"));
        String host = option(options, "host", "127.0.0.1");
        int sellerCount = Integer.parseInt(option(options, "sellers", "3"));
        int orders = Integer.parseInt(option(options, "orders", "1000"));
        int days = Integer.parseInt(option(options, "days", "30"));
        long seed = Long.parseLong(option(options, "seed", "42"));
        long tickSeconds = Long.parseLong(option(options, "tick", "15"));
        int tickOrders = Integer.parseInt(option(options, "tick-orders", "2"));
        int tickChanges = Integer.parseInt(option(options, "tick-changes", "3"));
        boolean log = Boolean.parseBoolean(option(options, "log", "false"));
        int amazonPort = Integer.parseInt(option(options, "amazon-port", String.valueOf(port == 0 ? 0 : port + 1)));
        String redirectUri = option(options, "amazon-redirect-uri", null);
        int ebayPort = Integer.parseInt(option(options, "ebay-port", String.valueOf(port == 0 ? 0 : port + 2)));
        int easypostPort = Integer.parseInt(option(options, "easypost-port",
                String.valueOf(port == 0 ? 0 : port + 3)));

        WalmartSimulator walmart = new WalmartSimulator(Clock.systemUTC(), seed).host(host);
        long started = System.nanoTime();
        for (int i = 0; i < sellerCount; i++) {
            walmart.registerSeller().setTickSize(tickOrders, tickChanges).generateOrders(orders, Duration.ofDays(days));
        }
        AmazonSimulator amazon = new AmazonSimulator(Clock.systemUTC(), seed).host(host);
        if (redirectUri != null && !redirectUri.isBlank()) {
            amazon.setRedirectUri(redirectUri);
        }
        for (int i = 0; i < sellerCount; i++) {
            amazon.registerSeller().setTickSize(tickOrders, tickChanges).generateOrders(orders, Duration.ofDays(days));
        }
        EbaySimulator ebay = ebayPort < 0 ? null : new EbaySimulator(Clock.systemUTC(), seed).host(host);
        if (ebay != null) {
            for (int i = 0; i < sellerCount; i++) {
                ebay.registerSeller().setTickSize(tickOrders, tickChanges).generateOrders(orders, Duration.ofDays(days));
            }
        }
        EasyPostSimulator easypost = easypostPort < 0 ? null
                : new EasyPostSimulator(Clock.systemUTC(), seed).host(host);
        if (easypost != null) {
            easypost.registerApiKey(EASYPOST_DEMO_API_KEY);
        }
        long generatedMs = (System.nanoTime() - started) / 1_000_000;
        if (log) {
            walmart.requestLog(line -> System.out.println("[walmart] " + line));
            amazon.requestLog(line -> System.out.println("[amazon] " + line));
            if (ebay != null) {
                ebay.requestLog(line -> System.out.println("[ebay] " + line));
            }
            if (easypost != null) {
                easypost.requestLog(line -> System.out.println("[easypost] " + line));
            }
        }
        walmart.start(port);
        amazon.start(amazonPort);
        if (ebay != null) {
            ebay.start(ebayPort);
        }
        if (easypost != null) {
            easypost.start(easypostPort);
        }

        System.out.println("ESM sandbox is running (simulated marketplaces; nothing here is real).");
        System.out.println("Walmart Marketplace simulator: " + walmart.baseUrl()
                + "   (token: POST " + walmart.baseUrl() + "/v3/token)");
        System.out.println("Sandbox seller credentials (sandbox values, not real secrets):");
        for (WalmartSeller seller : walmart.sellers()) {
            System.out.println("  sellerId=" + seller.sellerId() + "  clientId=" + seller.clientId()
                    + "  clientSecret=" + seller.clientSecret() + "  orders=" + seller.orderCount());
        }
        printAmazon(amazon);
        if (ebay != null) {
            printEbay(ebay, option(options, "ebay-accept-url", ebay.baseUrl() + EbaySimulator.ACCEPTED_PAGE));
        }
        if (easypost != null) {
            System.out.println("EasyPost API simulator (USPS labels): " + easypost.baseUrl() + "/v2   API key (sandbox "
                    + "value, HTTP Basic user name or Bearer): " + EASYPOST_DEMO_API_KEY);
            System.out.println("  ESM: esm.connectors.easypost.base-url=" + easypost.baseUrl()
                    + " esm.demo.easypost.api-key=" + EASYPOST_DEMO_API_KEY);
        }
        int marketplaces = ebay == null ? 2 : 3;
        System.out.println("Generated " + marketplaces * sellerCount * (long) orders + " orders in " + generatedMs
                + " ms (seed " + seed + ").");

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-tick");
            t.setDaemon(true);
            return t;
        });
        if (tickSeconds > 0) {
            ticker.scheduleAtFixedRate(() -> {
                walmart.sellers().forEach(WalmartSeller::tick);
                amazon.sellers().forEach(AmazonSeller::tick);
                if (ebay != null) {
                    ebay.sellers().forEach(EbaySeller::tick);
                }
            }, tickSeconds, tickSeconds, TimeUnit.SECONDS);
            System.out.println("Every " + tickSeconds + " s each seller gets " + tickOrders + " new order(s) and "
                    + tickChanges + " status change(s).");
        }
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ticker.shutdownNow();
            walmart.close();
            amazon.close();
            if (ebay != null) {
                ebay.close();
            }
            if (easypost != null) {
                easypost.close();
            }
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
    }

    private static void printEbay(EbaySimulator ebay, String acceptUrl) {
        EbayApp app = ebay.registerApp().addRuName(EbaySimulator.SANDBOX_RU_NAME, acceptUrl);
        System.out.println("eBay Sell API simulator: " + ebay.baseUrl() + "   (token: POST " + ebay.tokenUrl() + ")");
        System.out.println("  ESM: esm.connectors.ebay.base-url=" + ebay.baseUrl() + " token-url=" + ebay.tokenUrl()
                + " client-id=" + app.clientId() + " client-secret=" + app.clientSecret());
        System.out.println("  consent page (RuName " + EbaySimulator.SANDBOX_RU_NAME + " -> " + acceptUrl + "): "
                + ebay.consentUrl(app, EbaySimulator.SANDBOX_RU_NAME, Set.of(EbaySimulator.SCOPE_FULFILLMENT), "demo"));
        System.out.println("Sandbox eBay sellers and refresh tokens (sandbox values, not real secrets):");
        for (EbaySeller seller : ebay.sellers()) {
            System.out.println("  username=" + seller.username() + "  refreshToken=" + ebay.issueRefreshToken(app, seller)
                    + "  orders=" + seller.orderCount());
        }
    }

    private static void printAmazon(AmazonSimulator amazon) {
        AmazonApp app = amazon.app();
        System.out.println("Amazon SP-API simulator: " + amazon.baseUrl() + "   (LWA token: POST " + amazon.tokenUrl()
                + ", searchOrders: GET " + amazon.baseUrl() + AmazonSimulator.ORDERS_PATH + ")");
        System.out.println("  consent page: " + amazon.consentUrl("demo-state"));
        System.out.println("  app (sandbox values): applicationId=" + app.applicationId() + "  clientId="
                + app.clientId() + "  clientSecret=" + app.clientSecret() + "  redirectUri=" + app.redirectUri());
        for (AmazonSeller seller : amazon.sellers()) {
            System.out.println("  sellingPartnerId=" + seller.sellingPartnerId() + "  refreshToken="
                    + seller.refreshToken() + "  orders=" + seller.orderCount());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq > 0) {
                out.put(a.substring(0, eq), a.substring(eq + 1));
            } else if (!a.isBlank()) {
                out.put(a, "true");
            }
        }
        return out;
    }

    private static String option(Map<String, String> options, String name, String fallback) {
        return options.getOrDefault(name, System.getProperty("sandbox." + name, fallback));
    }
}
