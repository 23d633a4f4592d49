package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.IntegrationTest;
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

/** One order's label takes permits from the API key's shared bucket, like a batch item's. */
class LabelPacingIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    QuotaBuckets quotas;

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
}
