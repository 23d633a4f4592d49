package dev.esm.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** What a marketplace sends is cut to the listing columns' limits, so no answer can fail a page of the scan. */
class ListingWriterTests {

    @Test
    void controlCharactersAreDroppedAndTextIsCutWithoutSplittingAPair() {
        assertThat(ListingWriter.clean("Mug\u0000 with\u0007 lid\n", 100)).isEqualTo("Mug with lid");
        assertThat(ListingWriter.clean("x".repeat(5000), 1000)).hasSize(1000);
        assertThat(ListingWriter.clean("ab\uD83D\uDE00", 3)).isEqualTo("ab"); // the emoji would need 4
        assertThat(ListingWriter.clean("ab\uD83D", 10)).isEqualTo("ab"); // a lone high surrogate
        assertThat(ListingWriter.clean("  \u0001 ", 10)).isNull();
        assertThat(ListingWriter.clean(null, 10)).isNull();
    }

    @Test
    void pricesKeepThreeDecimalsAndNonsenseIsNoPrice() {
        assertThat(ListingWriter.price(new BigDecimal("12.3456"))).isEqualByComparingTo("12.346");
        assertThat(ListingWriter.price(new BigDecimal("12.005"))).isEqualByComparingTo("12.005");
        assertThat(ListingWriter.price(new BigDecimal("-1"))).isNull();
        assertThat(ListingWriter.price(new BigDecimal("1E+20"))).isNull();
        assertThat(ListingWriter.price(null)).isNull();
        assertThat(ListingWriter.currency("usd", BigDecimal.ONE)).isEqualTo("USD");
        assertThat(ListingWriter.currency("US Dollar", BigDecimal.ONE)).isNull();
        assertThat(ListingWriter.currency("USD", null)).isNull();
    }

    @Test
    void onlyWebAddressesAreImages() {
        assertThat(ListingWriter.image("https://m.media-amazon.com/images/I/a.jpg"))
                .isEqualTo("https://m.media-amazon.com/images/I/a.jpg");
        assertThat(ListingWriter.image("javascript:alert(1)")).isNull();
        assertThat(ListingWriter.image("data:image/png;base64,AAAA")).isNull();
        assertThat(ListingWriter.image("https://x.test/a b.jpg")).isNull();
        assertThat(ListingWriter.image("https://x.test/" + "a".repeat(3000))).isNull();
    }
}
