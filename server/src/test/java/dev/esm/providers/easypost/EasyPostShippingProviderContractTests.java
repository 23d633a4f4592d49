package dev.esm.providers.easypost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import dev.esm.TestSandbox;
import dev.esm.sandbox.easypost.EasyPostSimulator;
import dev.esm.shipping.spi.AddressCheck;
import dev.esm.shipping.spi.LabelFile;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Parcel;
import dev.esm.shipping.spi.PostalAddress;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.Rate;
import dev.esm.shipping.spi.RefundStatus;
import dev.esm.shipping.spi.ShipmentRequest;
import dev.esm.shipping.spi.ShippingProviderException.ProviderKeyRefused;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRejected;
import dev.esm.shipping.spi.ShippingProviderException.ProviderUnavailable;
import dev.esm.shipping.spi.TrackingInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The EasyPost adapter against the sandbox's EasyPost simulator over real HTTP: the port's contract on the wire. */
class EasyPostShippingProviderContractTests {

    static final PostalAddress FROM = new PostalAddress("Shipping Dept", "Main Street Goods", "215 Clayton St",
            null, "San Francisco", "CA", "94117", "US", "4155550100");
    static final PostalAddress TO = new PostalAddress("Jane Doe", null, "179 N Harbor Dr", null, "Redondo Beach",
            "CA", "90277", "US", "3105550123");
    static final Parcel BOX = new Parcel(new BigDecimal("15.4"), new BigDecimal("10"), new BigDecimal("8"),
            new BigDecimal("4"));

    private final EasyPostSimulator easypost = TestSandbox.easypost();
    private final String apiKey = "EZTK" + UUID.randomUUID().toString().replace("-", "");
    private final ProviderKey key = new ProviderKey(easypost.registerApiKey(apiKey).apiKey());
    private final EasyPostShippingProvider provider = new EasyPostShippingProvider(
            new EasyPostProperties(easypost.baseUrl(), Duration.ofSeconds(5)));

    @AfterEach
    void resetFaults() {
        easypost.faults().reset();
    }

    @Test
    void verifiesAndNormalizesADeliverableAddress() throws Exception {
        AddressCheck check = provider.verifyAddress(key, FROM);
        assertThat(check.deliverable()).isTrue();
        assertThat(check.problems()).isEmpty();
        assertThat(check.providerId()).startsWith("adr_");
        assertThat(check.address().street1()).isEqualTo("215 CLAYTON ST");
        assertThat(check.address().zip()).matches("94117-\\d{4}");
    }

    @Test
    void anUndeliverableAddressComesBackWithTheProvidersWords() throws Exception {
        AddressCheck check = provider.verifyAddress(key, new PostalAddress("X", null, "Clayton St", null,
                "San Francisco", "CA", "9411", "US", null));
        assertThat(check.deliverable()).isFalse();
        assertThat(check.problems()).contains("Address not found", "Invalid or missing ZIP code");
    }

    @Test
    void ratesBuysFetchesTheLabelInEachFormatAndVoids() throws Exception {
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest("esm-contract-" + UUID.randomUUID(),
                FROM, TO, BOX, LabelFormat.PDF));
        assertThat(rated.id()).startsWith("shp_");
        assertThat(rated.bought()).isFalse();
        assertThat(rated.rates()).extracting(Rate::service).contains("GroundAdvantage", "Priority", "Express");
        assertThat(rated.rates()).allSatisfy(rate -> {
            assertThat(rate.id()).startsWith("rate_");
            assertThat(rate.carrier()).isEqualTo("USPS");
            assertThat(rate.amount()).isPositive();
            assertThat(rate.currency()).isEqualTo("USD");
        });

        Rate ground = rated.rates().stream().filter(r -> r.service().equals("GroundAdvantage")).findFirst().orElseThrow();
        ProviderShipment bought = provider.buy(key, rated.id(), ground.id());
        assertThat(bought.bought()).isTrue();
        assertThat(bought.trackingCode()).matches("9[1-5]\\d{20}");
        assertThat(bought.selectedRate().id()).isEqualTo(ground.id());
        assertThat(bought.selectedRate().amount()).isEqualByComparingTo(ground.amount());
        assertThat(easypost.purchases(apiKey)).isEqualTo(1);

        LabelFile pdf = provider.label(key, rated.id(), LabelFormat.PDF);
        assertThat(new String(pdf.content(), 0, 5)).isEqualTo("%PDF-");
        assertThatThrownBy(() -> provider.label(key, rated.id(), LabelFormat.PNG))
                .isInstanceOfSatisfying(ProviderRejected.class, e -> assertThat(e.getMessage()).contains("not PNG"));
        LabelFile zpl = provider.label(key, rated.id(), LabelFormat.ZPL);
        assertThat(new String(zpl.content())).startsWith("^XA");

        assertThat(provider.findShipment(key, rated.id())).get().satisfies(s -> {
            assertThat(s.trackingCode()).isEqualTo(bought.trackingCode());
            assertThat(s.reference()).isEqualTo(rated.reference());
        });
        assertThat(provider.refund(key, rated.id())).isEqualTo(RefundStatus.SUBMITTED);
        assertThatThrownBy(() -> provider.refund(key, rated.id())).isInstanceOfSatisfying(ProviderRejected.class,
                e -> assertThat(e.getMessage()).contains("SHIPMENT.REFUND.UNAVAILABLE", "already been requested"));
    }

    @Test
    void aPngShipmentGivesItsPngLabel() throws Exception {
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest("esm-png-" + UUID.randomUUID(),
                FROM, TO, BOX, LabelFormat.PNG));
        provider.buy(key, rated.id(), rated.rates().get(0).id());
        byte[] png = provider.label(key, rated.id(), LabelFormat.PNG).content();
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3)).isEqualTo("PNG");
    }

    @Test
    void aSecondBuyOfTheSameShipmentIsRefusedAsAlreadyBoughtAndNothingIsBoughtTwice() throws Exception {
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest("esm-twice-" + UUID.randomUUID(),
                FROM, TO, BOX, LabelFormat.PDF));
        String rate = rated.rates().get(0).id();
        provider.buy(key, rated.id(), rate);
        assertThatThrownBy(() -> provider.buy(key, rated.id(), rate)).isInstanceOfSatisfying(ProviderRejected.class,
                e -> {
                    assertThat(e.alreadyBought()).isTrue();
                    assertThat(e.getMessage()).contains("Postage already exists");
                });
        assertThat(easypost.purchases(apiKey)).isEqualTo(1);
    }

    @Test
    void findsAShipmentByTheCallersReferenceAndAnUnknownOneIsEmpty() throws Exception {
        String reference = "esm-ref-" + UUID.randomUUID();
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest(reference, FROM, TO, BOX, null));
        assertThat(provider.findShipment(key, reference)).get().extracting(ProviderShipment::id).isEqualTo(rated.id());
        assertThat(provider.findShipment(key, "shp_" + "0".repeat(32))).isEmpty();
    }

    @Test
    void aLostBuyAnswerIsUnavailableAndReadingBackShowsTheLabel() throws Exception {
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest("esm-lost-" + UUID.randomUUID(),
                FROM, TO, BOX, LabelFormat.PDF));
        easypost.loseNextBuyResponses(1);
        assertThatThrownBy(() -> provider.buy(key, rated.id(), rated.rates().get(0).id()))
                .isInstanceOf(ProviderUnavailable.class);
        assertThat(provider.findShipment(key, rated.id())).get().satisfies(s -> assertThat(s.bought()).isTrue());
        assertThat(easypost.purchases(apiKey)).isEqualTo(1);
    }

    @Test
    void errorEnvelopesBecomeTheClosedSetWithTheProvidersCodeAndMessage() {
        ProviderKey wrong = new ProviderKey("EZTKnotregistered");
        assertThatThrownBy(() -> provider.verifyAddress(wrong, FROM)).isInstanceOfSatisfying(ProviderKeyRefused.class,
                e -> assertThat(e.getMessage()).contains("APIKEY.INACTIVE").doesNotContain("EZTKnotregistered"));
        assertThatThrownBy(() -> provider.buy(key, "shp_" + "0".repeat(32), "rate_x"))
                .isInstanceOfSatisfying(ProviderRejected.class, e -> {
                    assertThat(e.notFound()).isTrue();
                    assertThat(e.getMessage()).contains("NOT_FOUND", "not found");
                });
        assertThatThrownBy(() -> provider.createShipment(key, new ShipmentRequest("esm-negative-" + UUID.randomUUID(),
                FROM, TO, new Parcel(BigDecimal.TEN, BigDecimal.ONE.negate(),
                BigDecimal.ONE, BigDecimal.ONE), null)))
                .isInstanceOfSatisfying(ProviderRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("PARAMETER.INVALID", "length", "must not be negative");
                });
    }

    @Test
    void serverErrorsAndUnreadableBodiesAreUnavailable() {
        easypost.faults().setServerErrorShare(1.0);
        assertThatThrownBy(() -> provider.verifyAddress(key, FROM)).isInstanceOfSatisfying(ProviderUnavailable.class,
                e -> assertThat(e.getMessage()).matches("EasyPost create address failed \\(([A-Z_.]+, )?HTTP 5\\d\\d\\)"));
        easypost.faults().reset().setMalformedShare(1.0);
        assertThatThrownBy(() -> provider.verifyAddress(key, FROM)).isInstanceOfSatisfying(ProviderUnavailable.class,
                e -> assertThat(e.getMessage()).contains("unreadable"));
    }

    @Test
    void startsTrackingABoughtLabel() throws Exception {
        ProviderShipment rated = provider.createShipment(key, new ShipmentRequest("esm-track-" + UUID.randomUUID(),
                FROM, TO, BOX, null));
        ProviderShipment bought = provider.buy(key, rated.id(), rated.rates().get(0).id());
        TrackingInfo tracker = provider.track(key, bought.trackingCode(), "USPS");
        assertThat(tracker.id()).startsWith("trk_");
        assertThat(tracker.trackingCode()).isEqualTo(bought.trackingCode());
        assertThat(tracker.status()).isNotBlank();
    }
}
