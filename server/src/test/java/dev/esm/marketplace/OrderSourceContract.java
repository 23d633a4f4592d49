package dev.esm.marketplace;

import dev.esm.marketplace.adapter.OrderConnector;
import dev.esm.marketplace.adapter.TrackingConnector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.esm.sandbox.FaultKnobs;
import dev.esm.marketplace.StoreCredentials;

/**
 * The contract every marketplace connector passes against its simulator over real HTTP. A connector's test extends
 * this and wires the hooks to its simulator.
 */
public abstract class OrderSourceContract<C extends StoreCredentials> {

    protected abstract OrderConnector<C> source();

    protected abstract C credentials();

    protected abstract C wrongCredentials();

    /** The marketplace ids of every order the seller has within a first sync's reach. */
    protected abstract Set<String> allOrderIds();

    /** Changes some orders at the marketplace (new ones, status moves); returns their ids. */
    protected abstract Set<String> changeSomeOrders();

    protected abstract Instant now();

    protected abstract void advanceClock(java.time.Duration duration);

    protected abstract void expireTokens();

    /** The simulator's fault knobs, shared by every simulator in the sandbox. */
    protected abstract FaultKnobs faults();

    private void throttleEveryRequest(boolean on) {
        faults().setThrottleShare(on ? 1.0 : 0.0);
    }

    private void failEveryRequest(boolean on) {
        faults().setServerErrorShare(on ? 1.0 : 0.0);
    }

    private void malformEveryResponse(boolean on) {
        faults().setMalformedShare(on ? 1.0 : 0.0);
    }

    /** Reads pages until the window is complete; returns the orders seen and the cursor to continue from. */
    protected Drained drain(String cursor) throws MarketplaceException {
        List<MarketplaceOrder> orders = new ArrayList<>();
        int pages = 0;
        while (true) {
            OrderPage page = source().fetch(credentials(), cursor, now());
            orders.addAll(page.orders());
            cursor = page.nextCursor();
            pages++;
            if (page.windowComplete()) {
                return new Drained(orders, cursor, pages);
            }
            assertThat(pages).as("pages before the window completes").isLessThan(10_000);
        }
    }

    protected record Drained(List<MarketplaceOrder> orders, String cursor, int pages) {
        Set<String> ids() {
            Set<String> ids = new HashSet<>();
            orders.forEach(o -> ids.add(o.marketplaceOrderId()));
            return ids;
        }
    }

    @Test
    void firstSyncPagesToTheEndAndSeesEveryOrder() throws MarketplaceException {
        Drained first = drain(null);
        assertThat(first.pages()).isGreaterThan(1);
        assertThat(first.ids()).containsExactlyInAnyOrderElementsOf(allOrderIds());
        assertThat(first.orders()).allSatisfy(order -> {
            assertThat(order.lines()).isNotEmpty();
            assertThat(order.orderedAt()).isNotNull();
            assertThat(order.total()).isNotNull();
            assertThat(order.buyer()).isNotNull();
            assertThat(order.buyer().name()).isNotBlank();
        });
    }

    @Test
    void nextSyncReadsOnlyWhatChangedSince() throws MarketplaceException {
        Drained first = drain(null);
        advanceClock(java.time.Duration.ofMinutes(10));
        Set<String> changed = changeSomeOrders();
        advanceClock(java.time.Duration.ofMinutes(1));
        Drained next = drain(first.cursor());
        assertThat(next.ids()).containsAll(changed);
        assertThat(next.ids().size()).isLessThan(allOrderIds().size());
    }

    @Test
    void expiredAccessTokenIsRenewedWithoutTheCallerNoticing() throws MarketplaceException {
        drain(null);
        expireTokens();
        assertThat(drain(null).ids()).isNotEmpty();
    }

    @Test
    void refusedCredentialsAreReportedAsCredentialsExpired() {
        assertThatThrownBy(() -> source().fetch(wrongCredentials(), null, now()))
                .isInstanceOf(MarketplaceException.CredentialsExpired.class);
    }

    @Test
    void throttlingIsReportedWithTheTimeToWait() {
        throttleEveryRequest(true);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null, now()))
                    .isInstanceOfSatisfying(MarketplaceException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter().isNegative()).isFalse());
        } finally {
            throttleEveryRequest(false);
        }
    }

    @Test
    void serverErrorsAreReportedAsUnavailable() {
        failEveryRequest(true);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null, now()))
                    .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class);
        } finally {
            failEveryRequest(false);
        }
    }

    @Test
    void malformedBodyIsReportedAsUnavailableWithAClearMessage() {
        malformEveryResponse(true);
        try {
            assertThatThrownBy(() -> source().fetch(credentials(), null, now()))
                    .isInstanceOf(MarketplaceException.MarketplaceUnavailable.class)
                    .hasMessageContaining("unreadable");
        } finally {
            malformEveryResponse(false);
        }
    }
}
