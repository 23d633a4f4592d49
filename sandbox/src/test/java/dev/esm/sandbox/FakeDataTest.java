package dev.esm.sandbox;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FakeDataTest {

    @Test
    void buyersUseFictionalPhonesAndConsistentPlaces() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            FakeBuyer b = FakeBuyers.next(r);
            assertThat(b.phone()).matches("\\d{3}55501\\d{2}");
            assertThat(b.postalCode()).matches("\\d{5}");
            assertThat(b.state()).matches("[A-Z]{2}");
            assertThat(b.fullName()).contains(" ");
        }
    }

    @Test
    void catalogSkusAndPrices() {
        FakeCatalog catalog = new FakeCatalog("WM");
        assertThat(catalog.size()).isGreaterThan(100);
        assertThat(catalog.products()).extracting(FakeProduct::sku).contains("WM-TSHIRT-BLK-M").doesNotHaveDuplicates();
        assertThat(catalog.products()).allSatisfy(p -> {
            assertThat(p.sku()).matches("WM-[A-Z]+(-[A-Z0-9]+)*");
            assertThat(p.priceCents()).isBetween(499L, 24_999L);
        });
        FakeCatalog amazon = new FakeCatalog("AMZ");
        assertThat(amazon.products().get(0).priceCents()).isEqualTo(catalog.products().get(0).priceCents());
    }
}
