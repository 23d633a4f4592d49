package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.spi.LabelFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.esm.platform.quota.CallLimit;
import dev.esm.platform.quota.Meter;
import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.platform.quota.QuotaMeters;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.Rate;
import dev.esm.shipping.internal.PacedProvider;

/**
 * One order's label takes permits from the API key's shared bucket, like a batch item's; a batch against a provider
 * slower than ESM's configured rate learns the provider's rate from its 429s (ADR 29).
 */
class LabelPacingIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> LIMITED = List.of(EasyPostSimulator.OP_SHIPMENT_CREATE,
            EasyPostSimulator.OP_SHIPMENT_BUY, EasyPostSimulator.OP_SHIPMENT_LABEL);

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    QuotaBuckets quotas;
    @Autowired
    ShippingSettings settings;
    @Autowired
    LabelBatchProperties batchProperties;

    @Test
    void aSingleBuyTakesAPermitOfItsApiKeysBucket() {
        Shop shop = shipping.shop("Paced Seller", 1);
        UUID order = shop.orders().get(0);
        QuotaMeters key = PacedProvider.meters(new ProviderKey(shop.apiKey()));
        CallLimit create = new CallLimit(PacedProvider.CREATE, 1e-6, 10, Meter.API_KEY);
        CallLimit buy = new CallLimit(PacedProvider.BUY, 1e-6, 10, Meter.API_KEY);
        quotas.replace(key, create);
        quotas.replace(key, buy);
        long createBefore = quotas.available(key, create);
        long buyBefore = quotas.available(key, buy);

        Shipment rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
        Rate rate = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst().orElseThrow();
        shop.as(() -> buyLabel.buy(order, new BuyCommand(rate.id())));

        assertThat(shop.purchases()).as("bought at the simulator").isEqualTo(1);
        assertThat(quotas.available(key, create)).as("the rate request's permit").isEqualTo(createBefore - 1);
        assertThat(quotas.available(key, buy)).as("the buy's permit").isEqualTo(buyBefore - 1);
        assertThat(PacedProvider.meters(new ProviderKey(shop.apiKey())).toString()).doesNotContain(shop.apiKey());
    }

    /**
     * The provider allows 3 requests/s per operation (burst 3) and says so only with 429s; ESM is configured for 5.
     * The batch buys every label once, the simulator counts few 429s (the first ones teach the bucket, then it stays
     * just under the limit), and the key's buckets end up below 5/s but near 3.
     */
    @Test
    void aBatchLearnsTheProvidersRateFromIts429sAndSendsFewOfThem() throws Exception {
        Shop shop = shipping.shop("Learning Seller", 90);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
            return null;
        });
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        EasyPostSimulator easypost = TestSandbox.easypost();
        double providerRate = 3;
        // the key's buckets start at the shipped default of 5 requests/s (the tests configure more)
        QuotaMeters key = PacedProvider.meters(new ProviderKey(shop.apiKey()));
        for (String operation : List.of(PacedProvider.CREATE, PacedProvider.BUY, PacedProvider.LABEL)) {
            quotas.replace(key, new CallLimit(operation, 5, 5, Meter.API_KEY));
        }
        assertThat(batchProperties.providerRate()).as("ESM is told more than the provider allows")
                .isGreaterThan(providerRate);
        long requestsBefore = LIMITED.stream().mapToLong(op -> easypost.counters().requests(op)).sum();
        long throttledBefore = LIMITED.stream().mapToLong(op -> easypost.counters().throttled(op)).sum();
        Map<String, Long> throttledBeforeOf = new java.util.HashMap<>();
        LIMITED.forEach(op -> throttledBeforeOf.put(op, easypost.counters().throttled(op)));
        JsonNode done;
        long started = System.nanoTime();
        try {
            LIMITED.forEach(op -> easypost.setQuota(op, providerRate, (int) providerRate));
            easypost.setQuotasEnabled(true);
            easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_BUY, Duration.ofMillis(200), Duration.ofMillis(800));
            var created = web.api("POST", "/api/v1/label-batches", "{\"filter\":{\"store\":\"" + shop.store() + "\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            done = awaitDone(web, JSON.readTree(created.body()).path("id").asString());
        } finally {
            easypost.setQuotasEnabled(false);
            LIMITED.forEach(op -> easypost.rateLimiter().removeQuota(op));
            easypost.setLatency(EasyPostSimulator.OP_SHIPMENT_BUY, Duration.ZERO, Duration.ZERO);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int labels = done.path("batch").path("purchased").asInt();
        long requests = LIMITED.stream().mapToLong(op -> easypost.counters().requests(op)).sum() - requestsBefore;
        long throttled = LIMITED.stream().mapToLong(op -> easypost.counters().throttled(op)).sum() - throttledBefore;
        System.out.printf("Learning batch: %d labels in %.1f s (floor %.1f s), %d requests, %d answered 429%n",
                labels, seconds, labels / providerRate, requests, throttled);

        assertThat(labels).isEqualTo(done.path("batch").path("total").asInt()).isGreaterThanOrEqualTo(90);
        assertThat(done.path("batch").path("failed").asInt()).isZero();
        assertThat(shop.purchases()).as("each label bought once").isEqualTo(labels);
        assertThat(throttled).as("429s sent by the simulator: the signal ESM learns from").isPositive();
        assertThat(throttled).as("but few: the bucket learned, it did not keep trying").isLessThan(requests * 15 / 100);
        // each operation the provider answered with a 429 has a bucket that remembers it (V24: the time and the rate
        // it had then, from which every node computes the slower rate); an operation behind a throttled one (buys
        // behind shipment creates) may never be refused. The rate it applies now depends on how long ago that was.
        Map<String, String> buckets = Map.of(EasyPostSimulator.OP_SHIPMENT_CREATE, PacedProvider.CREATE,
                EasyPostSimulator.OP_SHIPMENT_BUY, PacedProvider.BUY, EasyPostSimulator.OP_SHIPMENT_LABEL,
                PacedProvider.LABEL);
        for (String operation : LIMITED) {
            if (easypost.counters().throttled(operation) - throttledBeforeOf.get(operation) > 0) {
                try (var sql = dev.esm.platform.database.DatabaseAccess.superuser(context);
                     var query = sql.prepareStatement("select count(*) from esm.rate_bucket where id like ? "
                             + "and throttled_at is not null and throttled_rate > 0")) {
                    query.setString(1, "%" + buckets.get(operation) + "%");
                    try (var rows = query.executeQuery()) {
                        rows.next();
                        assertThat(rows.getLong(1)).as("buckets of " + operation + " that remember its 429")
                                .isPositive();
                    }
                }
            }
        }
    }

    private JsonNode awaitDone(WebClient web, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            var response = web.get("/api/v1/label-batches/" + id);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode details = JSON.readTree(response.body());
            if (details.path("batch").path("state").asString().equals("DONE")) {
                return details;
            }
            assertThat(System.nanoTime()).as("batch finished in time: " + response.body()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
