package dev.esm.sandbox.ebay;

/**
 * What changes about an order over time (everything else is rebuilt from the seed): when it was placed and last
 * modified, payment and cancellation state, and how many of its lines (from the first) are fulfilled.
 */
record EbayOrderState(long created, long modified, EbayOrder.Payment payment, EbayOrder.Cancel cancel,
                      int fulfilledLines) {

    boolean isFinal(int lineCount) {
        return cancel == EbayOrder.Cancel.CANCELED || fulfilledLines >= lineCount;
    }

    EbayOrder.Fulfillment fulfillment(int lineCount) {
        return fulfilledLines <= 0 ? EbayOrder.Fulfillment.NOT_STARTED
                : fulfilledLines >= lineCount ? EbayOrder.Fulfillment.FULFILLED : EbayOrder.Fulfillment.IN_PROGRESS;
    }

    EbayOrderState paid(long now) {
        return new EbayOrderState(created, now, EbayOrder.Payment.PAID, cancel, fulfilledLines);
    }

    EbayOrderState cancelRequested(long now) {
        return new EbayOrderState(created, now, payment, EbayOrder.Cancel.IN_PROGRESS, fulfilledLines);
    }

    EbayOrderState canceled(long now) {
        return new EbayOrderState(created, now, EbayOrder.Payment.FULLY_REFUNDED, EbayOrder.Cancel.CANCELED, 0);
    }

    EbayOrderState fulfilled(int lines, long now) {
        return new EbayOrderState(created, now, payment, cancel, lines);
    }
}
