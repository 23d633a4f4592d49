package dev.esm.demo;

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
import dev.esm.platform.Maintenance;
import dev.esm.platform.Deployment;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreCredentials;
import dev.esm.stores.Stores;

/**
 * Demo mode (no ESM_DATABASE_URL): a demo operator, {@code demo@esm.local}, who is also a platform admin, with one
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
    private final Maintenance maintenance;
    private final Environment environment;

    DemoSeed(Deployment deployment, DemoProperties demo, Accounts accounts, Stores stores,
             Maintenance maintenance, Environment environment) {
        this.deployment = deployment;
        this.demo = demo;
        this.accounts = accounts;
        this.stores = stores;
        this.maintenance = maintenance;
        this.environment = environment;
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
            maintenance.grantPlatformAdmin(EMAIL, "demo-seed");
            seedStores(id);
            log.info("Demo mode: seeded the demo operator and its stores");
            System.out.println("Demo sign-in: " + EMAIL + " / " + (chosen ? "(ESM_DEMO_PASSWORD)" : password)
                    + " at " + url);
        } else if (chosen) {
            accounts.resetPassword(id, demo.password(), "demo-seed");
            reconnectEbay(id);
            System.out.println("Demo sign-in: " + EMAIL + " / (ESM_DEMO_PASSWORD) at " + url);
        } else {
            reconnectEbay(id);
            System.out.println("Demo sign-in: " + EMAIL + " with the password printed at first start "
                    + "(or restart with ESM_DEMO_PASSWORD set) at " + url);
        }
    }

    private void seedStores(UUID operator) {
        ActingOperator.runAs(operator, () -> {
            DemoProperties.SandboxSeller walmart = demo.walmart();
            stores.add(Marketplace.WALMART, "Main Street Goods", walmart == null
                    ? new StoreCredentials.Walmart("sandbox-client-" + token(6), "sandbox-secret-" + token(24))
                    : new StoreCredentials.Walmart(walmart.clientId(), walmart.clientSecret()), "demo-seed");
            DemoProperties.SandboxAmazonSeller amazon = demo.amazon();
            stores.add(Marketplace.AMAZON, "Harbor Outfitters", amazon == null
                    ? new StoreCredentials.Amazon("SANDBOX" + token(6).toUpperCase(), "sandbox-refresh-" + token(24))
                    : new StoreCredentials.Amazon(amazon.sellingPartnerId(), amazon.refreshToken()), "demo-seed");
            stores.add(Marketplace.EBAY, EBAY_STORE, new StoreCredentials.Ebay(demo.ebay() == null
                    ? "sandbox-refresh-" + token(24) : demo.ebay().refreshToken()), "demo-seed");
        });
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
                        new StoreCredentials.Ebay(demo.ebay().refreshToken()), "demo-seed")));
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
