package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.esm.IntegrationTest;
import dev.esm.orders.OrderQueries;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.ParcelEntry;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch rates each order in the package remembered for its contents (ADR 31, like the label panel) before the
 * package chosen for its store: an order rated by hand at 2 lb 8 oz in a 12×10×6 box gets its batch label at that
 * weight and size, not in the store's 15.4 oz small box; an order with other contents gets the small box.
 */
class BatchPackageMemoryIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    LabelBatches batches;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    OrderQueries orders;
    @Autowired
    ShippingSettings settings;

    @Test
    void aBatchUsesThePackageRememberedForTheOrdersContentsBeforeTheStoresPreset() throws Exception {
        Shop shop = shipping.shop("Batch Memory Seller", 4);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("Priority", LabelFormat.PDF), "test");
            return null;
        });
        UUID remembered = shop.orders().get(0);
        UUID other = shop.orders().stream().skip(1).filter(o -> !contents(shop, o).equals(contents(shop, remembered)))
                .findFirst().orElseThrow();
        ParcelEntry entered = ParcelEntry.of(new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("12"),
                new BigDecimal("10"), new BigDecimal("6"));
        shop.as(() -> rateOrder.rate(remembered, new RatesCommand(shop.shipFrom(), null, entered, false, null), "test"));

        var batch = shop.as(() -> batches.start(new LabelBatchCommand(List.of(remembered, other), null), "test"));
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!"DONE".equals(shop.as(() -> batches.batch(batch.id()).state()))) {
            assertThat(System.nanoTime()).as("batch finished in time").isLessThan(deadline);
            Thread.sleep(250);
        }
        Shipment first = shop.as(() -> shipments.forOrder(remembered).current());
        Shipment second = shop.as(() -> shipments.forOrder(other).current());
        assertThat(first.state()).isEqualTo(ShippingViews.State.PURCHASED);
        assertThat(first.weightOz()).isEqualByComparingTo("40");
        assertThat(second.state()).isEqualTo(ShippingViews.State.PURCHASED);
        assertThat(second.weightOz()).isEqualByComparingTo("15.4");
    }

    private String contents(Shop shop, UUID order) {
        return String.valueOf(shop.as(() -> PackageMemory.contents(orders.get(order).lines())));
    }
}
