package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.PublishedEvents;
import org.springframework.modulith.test.PublishedEventsExtension;

import dev.esm.IntegrationTest;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.Rate;

/** A bought and a voided label are told to the other modules once each, with the shipment's facts. */
@ExtendWith(PublishedEventsExtension.class)
class LabelEventsIntegrationTests extends IntegrationTest {

    @Autowired
    TestShipping shipping;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    VoidLabel voidLabel;

    @Test
    void buyingAndVoidingALabelPublishLabelPurchasedAndLabelVoidedOnce(PublishedEvents events) {
        Shop shop = shipping.shop("Label Events Seller", 3);
        UUID order = shop.orders().get(0);
        Shipment rated = shop.as(() -> rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test"));
        Rate ground = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst()
                .orElseThrow();
        assertThat(events.ofType(LabelPurchased.class).matching(LabelPurchased::storeId, shop.store())).isEmpty();

        Shipment bought = shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id())));
        // a repeated buy returns the same label and publishes nothing more
        shop.as(() -> buyLabel.buy(order, new BuyCommand(ground.id())));
        assertThat(events.ofType(LabelPurchased.class).matching(LabelPurchased::storeId, shop.store()))
                .singleElement().satisfies(event -> {
                    assertThat(event.shipmentId()).isEqualTo(bought.id());
                    assertThat(event.orderId()).isEqualTo(order);
                    assertThat(event.packageNo()).isEqualTo(1);
                    assertThat(event.carrier()).isEqualTo(ground.carrier());
                    assertThat(event.service()).isEqualTo("GroundAdvantage");
                    assertThat(event.amount()).isEqualByComparingTo(ground.amount());
                    assertThat(event.currency()).isEqualTo(ground.currency());
                });

        Shipment voided = shop.as(() -> voidLabel.voidLabel(order, "test"));
        assertThat(events.ofType(LabelVoided.class).matching(LabelVoided::storeId, shop.store()))
                .singleElement().satisfies(event -> {
                    assertThat(event.shipmentId()).isEqualTo(bought.id());
                    assertThat(event.orderId()).isEqualTo(order);
                    assertThat(event.refundStatus()).isEqualTo(voided.refundStatus());
                });
    }
}
