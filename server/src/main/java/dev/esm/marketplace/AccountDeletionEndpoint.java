package dev.esm.marketplace;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.esm.shared.Marketplace;

/**
 * A marketplace's account deletion webhook, as its adapter implements it (one bean per marketplace that sends such
 * notices): the endpoint check the marketplace makes when the endpoint is registered, and the verification of a notice
 * (signature, its key, the body's shape). The route is the same for every marketplace; nothing outside the adapter
 * knows the wire format.
 */
public interface AccountDeletionEndpoint {

    Marketplace marketplace();

    /** Whether the endpoint is configured (its verification token and public URL are set); if not, it is not there. */
    boolean enabled();

    /** The JSON answer to the marketplace's endpoint check with {@code query}; empty when the query is not one. */
    Optional<Map<String, String>> challenge(Map<String, String> query);

    /**
     * The notice the request carries, once its signature verified over {@code body} exactly as received.
     *
     * @param header the request's header by name (case-insensitive), or null
     * @throws NoticeRefused              signature missing or wrong, unknown key, not an account deletion notice
     * @throws MarketplaceException.MarketplaceUnavailable the marketplace's key could not be fetched (it should retry)
     */
    AccountDeletion verify(UnaryOperator<String> header, byte[] body)
            throws NoticeRefused, MarketplaceException.MarketplaceUnavailable;

    /** A request that is not a valid notice; the message names what is wrong, never the body's content. */
    final class NoticeRefused extends Exception {
        public NoticeRefused(String message) {
            super(message);
        }
    }
}
