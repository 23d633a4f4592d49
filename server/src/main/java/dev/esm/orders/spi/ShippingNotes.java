package dev.esm.orders.spi;

import java.util.Optional;
import java.util.UUID;

/**
 * A line about an order's shipping for the order page (label bought, tracking pushed to the marketplace and its
 * answer), from the module that ships orders; the order page shows it without depending on that module. Acts for the
 * signed-in operator: an order the operator cannot see has no note.
 */
public interface ShippingNotes {

    /** The note, e.g. {@code Label USPS 9400…: tracking pushed to the marketplace at 2026-11-27 10:15 UTC}. */
    Optional<ShippingNote> noteFor(UUID orderId);

    /**
     * @param text  one line for people, no buyer data
     * @param state a short machine-readable state for styling and tests (e.g. the push state)
     */
    record ShippingNote(String text, String state) {
    }
}
