package dev.esm.marketplace.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.quota.Meter;

/**
 * The registry hands a connector its marketplace's own credentials record: the adapter checks the kind once, so a store
 * that somehow holds another marketplace's credentials is told to reconnect before any call is made (the address below
 * answers nothing).
 */
class WalmartAdapterCredentialsTests {

    private final WalmartMarketplace walmart = new WalmartMarketplace(
            new WalmartProperties("http://127.0.0.1:1", null, null, null, null, Duration.ofSeconds(1), null));

    @Test
    void anotherMarketplacesCredentialsAskForReconnectingWithoutACall() {
        assertThatThrownBy(() -> walmart.own(new StoreCredentials.Ebay("refresh", "seller")))
                .isInstanceOf(CredentialsExpired.class)
                .hasMessage("The store holds no Walmart credentials; connect it again.");
    }

    @Test
    void itsOwnCredentialsAreHandedOverAsWalmartsRecordAndMeteredByTheSellerAccount() throws Exception {
        StoreCredentials stored = new StoreCredentials.Walmart("client-1", "secret-1");

        assertThat(walmart.own(stored).clientId()).isEqualTo("client-1");
        assertThat(walmart.meterIdOf(stored, Meter.SELLER_ACCOUNT)).contains("walmart:client-1");
        assertThat(walmart.meterIdOf(stored, Meter.APPLICATION)).isEmpty();
        assertThat(walmart.meterIdOf(new StoreCredentials.Ebay("refresh", "seller"), Meter.SELLER_ACCOUNT)).isEmpty();
    }
}
