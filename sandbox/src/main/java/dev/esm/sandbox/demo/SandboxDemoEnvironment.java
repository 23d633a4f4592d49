package dev.esm.sandbox.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.esm.sandbox.SandboxMain;
import dev.esm.sandbox.amazon.AmazonSeller;
import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.ebay.EbayApp;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.sandbox.ebay.EbaySimulator;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.sandbox.walmart.WalmartSimulator;

/**
 * Demo mode's marketplaces and shipping provider. When ESM starts in demo mode ({@code ESM_DEMO=true}, embedded
 * database) and this jar is on its class path (the demo module's, never the production jar's; ADR 20), starts the simulators on loopback with one seeded seller each (and an EasyPost API key),
 * keeps new orders arriving, and points ESM's connectors and demo seed at them through properties. ESM's code never
 * imports this class; Spring Boot finds it through META-INF/spring.factories. Off with {@code ESM_SANDBOX=false}
 * (property {@code esm.sandbox.enabled}). Sets {@code esm.sandbox.running}, which the server's demo-mode check looks
 * for: demo mode asked for without this jar fails at once.
 */
public final class SandboxDemoEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String WALMART_CLIENT_ID = "sandbox-demo-walmart";
    static final String WALMART_CLIENT_SECRET = "sandbox-demo-walmart-secret";
    static final String EASYPOST_API_KEY = SandboxMain.EASYPOST_DEMO_API_KEY;
    private static final Duration TICK = Duration.ofSeconds(20);

    private static Map<String, Object> started;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean demo = environment.getProperty("esm.demo.enabled", Boolean.class, false)
                && environment.getProperty("esm.database.url", "").isBlank();
        boolean enabled = environment.getProperty("esm.sandbox.enabled", Boolean.class,
                !"false".equalsIgnoreCase(environment.getProperty("ESM_SANDBOX", "true")));
        if (!demo || !enabled || environment.containsProperty("esm.command")) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("esm-sandbox",
                properties(environment.getProperty("server.port", "8080"))));
    }

    /** One set of simulators per JVM, however many application contexts start in it. */
    private static synchronized Map<String, Object> properties(String port) {
        if (started == null) {
            long began = System.nanoTime();
            WalmartSimulator walmart = new WalmartSimulator().start();
            WalmartSeller seller = walmart.registerSeller(WALMART_CLIENT_ID, WALMART_CLIENT_SECRET);
            seller.generateOrders(400, Duration.ofDays(14));
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sandbox-demo-ticker");
                thread.setDaemon(true);
                return thread;
            });
            AmazonSimulator amazon = new AmazonSimulator().start();
            amazon.setRedirectUri("http://localhost:" + port + "/connect/amazon/callback");
            AmazonSeller amazonSeller = amazon.registerSeller().generateOrders(300, Duration.ofDays(14));
            EbaySimulator ebay = new EbaySimulator().start();
            EbayApp ebayApp = ebay.registerApp().addRuName(EbaySimulator.SANDBOX_RU_NAME,
                    "http://localhost:" + port + "/connect/ebay/callback");
            EbaySeller ebaySeller = ebay.registerSeller().generateOrders(300, Duration.ofDays(14));
            EasyPostSimulator easypost = new EasyPostSimulator().start();
            easypost.registerApiKey(EASYPOST_API_KEY);
            ticker.scheduleAtFixedRate(() -> {
                seller.tick();
                amazonSeller.tick();
                ebaySeller.tick();
            }, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ticker.shutdownNow();
                walmart.close();
                amazon.close();
                ebay.close();
                easypost.close();
            }));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("esm.connectors.walmart.base-url", walmart.baseUrl());
            properties.put("esm.demo.walmart.client-id", WALMART_CLIENT_ID);
            properties.put("esm.demo.walmart.client-secret", WALMART_CLIENT_SECRET);
            properties.put("esm.connectors.amazon.base-url", amazon.baseUrl());
            properties.put("esm.connectors.amazon.token-url", amazon.tokenUrl());
            properties.put("esm.connectors.amazon.client-id", amazon.app().clientId());
            properties.put("esm.connectors.amazon.client-secret", amazon.app().clientSecret());
            properties.put("esm.connectors.amazon.consent.url", amazon.baseUrl() + AmazonSimulator.CONSENT_PATH);
            properties.put("esm.connectors.amazon.consent.application-id", amazon.app().applicationId());
            properties.put("esm.connectors.amazon.consent.redirect-uri", amazon.app().redirectUri());
            properties.put("esm.demo.amazon.selling-partner-id", amazonSeller.sellingPartnerId());
            properties.put("esm.demo.amazon.refresh-token", amazonSeller.refreshToken());
            properties.put("esm.connectors.ebay.base-url", ebay.baseUrl());
            properties.put("esm.connectors.ebay.token-url", ebay.tokenUrl());
            properties.put("esm.connectors.ebay.client-id", ebayApp.clientId());
            properties.put("esm.connectors.ebay.client-secret", ebayApp.clientSecret());
            properties.put("esm.connectors.ebay.consent.url", ebay.baseUrl() + "/oauth2/authorize");
            properties.put("esm.connectors.ebay.consent.ru-name", EbaySimulator.SANDBOX_RU_NAME);
            properties.put("esm.demo.ebay.refresh-token", ebay.issueRefreshToken(ebayApp, ebaySeller));
            properties.put("esm.demo.ebay.user-id", ebaySeller.userId());
            properties.put("esm.connectors.easypost.base-url", easypost.baseUrl());
            properties.put("esm.demo.easypost.api-key", EASYPOST_API_KEY);
            properties.put("esm.orders.sync.interval", "15s");
            properties.put("esm.sandbox.running", "true");
            System.out.println("Sandbox marketplaces for the demo: Walmart at " + walmart.baseUrl() + ", Amazon at "
                    + amazon.baseUrl() + ", eBay at " + ebay.baseUrl() + "; EasyPost (shipping labels) at "
                    + easypost.baseUrl() + " (started in " + (System.nanoTime() - began) / 1_000_000 + " ms)");
            started = properties;
        }
        return started;
    }

    /** Before the server's demo-mode check (which runs last). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
