package dev.esm.demo;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.esm.accounts.Accounts;
import dev.esm.platform.ActingOperator;
import dev.esm.accounts.PlatformAdmins;
import dev.esm.platform.Deployment;
import dev.esm.shared.Marketplace;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;

/**
 * Demo mode (ESM_DEMO=true, embedded database only; ADR 20): a demo operator, {@code demo@esm.local}, who is also a platform admin, with one
 * store per marketplace. Its password is ESM_DEMO_PASSWORD, or generated at first start and printed once on the
 * console on a line starting "Demo sign-in:". The seeded credentials are those of the sandbox simulators' demo
 * sellers (see the sandbox module), or random sandbox values where no simulator runs; never real ones.
 */
@Component
@Order(20)
class DemoSeed implements ApplicationRunner {

    static final String EMAIL = "demo@esm.local";
    static final String EBAY_STORE = "Vintage Finds";
    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    private static final SecureRandom random = new SecureRandom();

    private final Deployment deployment;
    private final DemoProperties demo;
    private final Accounts accounts;
    private final Stores stores;
    private final PlatformAdmins platformAdmins;
    private final Environment environment;
    private final ShippingSettings shipping;

    DemoSeed(Deployment deployment, DemoProperties demo, Accounts accounts, Stores stores,
             PlatformAdmins platformAdmins, Environment environment, ShippingSettings shipping) {
        this.deployment = deployment;
        this.demo = demo;
        this.accounts = accounts;
        this.stores = stores;
        this.platformAdmins = platformAdmins;
        this.environment = environment;
        this.shipping = shipping;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!deployment.demo() || environment.containsProperty("esm.command")) {
            return;
        }
        boolean chosen = demo.password() != null && !demo.password().isBlank();
        String url = "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/login";
        UUID id = accounts.registeredId(EMAIL).orElse(null);
        if (id == null) {
            String password = chosen ? demo.password() : generated();
            id = accounts.signUp(EMAIL, "Demo Operator", password, "demo-seed").id();
            platformAdmins.grantPlatformAdmin(EMAIL, "demo-seed");
            seedStores(id);
            log.info("Demo mode: seeded the demo operator and its stores");
            System.out.println("Demo sign-in: " + EMAIL + " / " + (chosen ? "(ESM_DEMO_PASSWORD)" : password)
                    + " at " + url);
        } else if (chosen) {
            accounts.resetPassword(id, demo.password(), "demo-seed");
            warmStart(id);
            System.out.println("Demo sign-in: " + EMAIL + " / (ESM_DEMO_PASSWORD) at " + url);
        } else {
            warmStart(id);
            System.out.println("Demo sign-in: " + EMAIL + " with the password printed at first start "
                    + "(or restart with ESM_DEMO_PASSWORD set) at " + url);
        }
    }

    private void seedStores(UUID operator) {
        ActingOperator.runAs(operator, () -> {
            DemoProperties.SandboxSeller walmart = demo.walmart();
            if (walmart != null) {
                stores.add(Marketplace.WALMART, "Main Street Goods",
                        new StoreCredentials.Walmart(walmart.clientId(), walmart.clientSecret()), "demo-seed");
            } else {
                // Walmart credentials are checked with Walmart before a store keeps them: without the sandbox's
                // seller there are none that would pass, so the demo has no Walmart store
                log.info("Demo mode: no sandbox Walmart seller, so no Walmart store is seeded");
            }
            DemoProperties.SandboxAmazonSeller amazon = demo.amazon();
            stores.add(Marketplace.AMAZON, "Harbor Outfitters", amazon == null
                    ? new StoreCredentials.Amazon("SANDBOX" + token(6).toUpperCase(), "sandbox-refresh-" + token(24))
                    : new StoreCredentials.Amazon(amazon.sellingPartnerId(), amazon.refreshToken()), "demo-seed");
            stores.add(Marketplace.EBAY, EBAY_STORE, demo.ebay() == null
                    ? new StoreCredentials.Ebay("sandbox-refresh-" + token(24))
                    : new StoreCredentials.Ebay(demo.ebay().refreshToken(), demo.ebay().userId()), "demo-seed");
            stores.list().forEach(store -> seedShipping(store.id()));
        });
    }

    /**
     * Labels are ready to buy in the demo: each store gets the sandbox provider's key, and the operator a made-up
     * warehouse as its ship-from address and two package presets, shared by its stores. Without the sandbox's key (or if the provider is not reachable) the
     * stores are left without shipping settings, as a new store is.
     */
    private void seedShipping(UUID store) {
        if (demo.easypost() == null || demo.easypost().apiKey() == null) {
            return;
        }
        try {
            shipping.setApiKey(store, demo.easypost().apiKey(), "demo-seed");
            // addresses and presets are shared by the operator's stores (ADR 37): the first store adds them
            var settings = shipping.get(store);
            if (settings.addresses().isEmpty()) {
                shipping.addShipFrom(store, new ShipFromCommand("Demo warehouse", "Shipping Desk", "ESM Demo Goods",
                        "100 Sandbox Way", null, "Columbus", "OH", "43215", "US", "555-0100", true), "demo-seed");
            }
            if (settings.packages().isEmpty()) {
                shipping.addPackage(store, new PackageCommand("Small box", new BigDecimal("12"), new BigDecimal("8"),
                        new BigDecimal("6"), new BigDecimal("4")), "demo-seed");
                shipping.addPackage(store, new PackageCommand("Poly mailer", new BigDecimal("6"), null, null, null),
                        "demo-seed");
            }
            shipping.setDefaults(store, new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "demo-seed");
        } catch (RuntimeException e) {
            log.warn("Demo mode: could not set up shipping for store {} ({})", store, e.getClass().getSimpleName());
        }
    }

    /** A start on existing demo data: the sandbox's fresh eBay consent, shipping for stores seeded before it existed. */
    private void warmStart(UUID operator) {
        reconnectEbay(operator);
        ActingOperator.runAs(operator, () -> stores.list().stream()
                .filter(store -> store.ownedByMe() && !shipping.get(store.id()).apiKeySet())
                .forEach(store -> seedShipping(store.id())));
    }

    /** The eBay sandbox issues new refresh tokens on every start: give the demo's eBay store the current one. */
    private void reconnectEbay(UUID operator) {
        if (demo.ebay() == null) {
            return;
        }
        ActingOperator.runAs(operator, () -> stores.list().stream()
                .filter(store -> store.marketplace() == Marketplace.EBAY && store.ownedByMe()
                        && store.name().equals(EBAY_STORE))
                .forEach(store -> stores.replaceCredentials(store.id(),
                        new StoreCredentials.Ebay(demo.ebay().refreshToken(), demo.ebay().userId()), "demo-seed")));
    }

    private static String generated() {
        return token(18);
    }

    private static String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw).replace('-', 'x').replace('_', 'y');
    }
}
