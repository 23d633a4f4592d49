package dev.esm.sandbox.ebay;

/**
 * What changes about an order over time (everything else is rebuilt from the seed): when it was placed and last
 * modified, payment and cancellation state, how many of its lines (from the first) the seller's own activity has
 * fulfilled, and which lines (a bit per line) were fulfilled through {@code createShippingFulfillment}.
 */
record EbayOrderState(long created, long modified, EbayOrder.Payment payment, EbayOrder.Cancel cancel,
                      int fulfilledLines, int pushedLines) {

    EbayOrderState(long created, long modified, EbayOrder.Payment payment, EbayOrder.Cancel cancel,
                   int fulfilledLines) {
        this(created, modified, payment, cancel, fulfilledLines, 0);
    }

    boolean lineFulfilled(int line) {
        return line < fulfilledLines || (pushedLines & (1 << line)) != 0;
    }

    boolean anyFulfilled() {
        return fulfilledLines > 0 || pushedLines != 0;
    }

    private int fulfilledCount(int lineCount) {
        int count = 0;
        for (int i = 0; i < lineCount; i++) {
            count += lineFulfilled(i) ? 1 : 0;
        }
        return count;
    }

    boolean isFinal(int lineCount) {
        return cancel == EbayOrder.Cancel.CANCELED || fulfilledCount(lineCount) >= lineCount;
    }

    EbayOrder.Fulfillment fulfillment(int lineCount) {
        int done = fulfilledCount(lineCount);
        return done <= 0 ? EbayOrder.Fulfillment.NOT_STARTED
                : done >= lineCount ? EbayOrder.Fulfillment.FULFILLED : EbayOrder.Fulfillment.IN_PROGRESS;
    }

    EbayOrderState paid(long now) {
        return new EbayOrderState(created, now, EbayOrder.Payment.PAID, cancel, fulfilledLines, pushedLines);
    }

    EbayOrderState cancelRequested(long now) {
        return new EbayOrderState(created, now, payment, EbayOrder.Cancel.IN_PROGRESS, fulfilledLines, pushedLines);
    }

    /** The seller shipped while the buyer's cancel request was open: the request is declined. */
    EbayOrderState cancelDeclined(long now) {
        return new EbayOrderState(created, now, payment, EbayOrder.Cancel.NONE_REQUESTED, fulfilledLines, pushedLines);
    }

    EbayOrderState canceled(long now) {
        return new EbayOrderState(created, now, EbayOrder.Payment.FULLY_REFUNDED, EbayOrder.Cancel.CANCELED, 0, 0);
    }

    EbayOrderState fulfilled(int lines, long now) {
        return new EbayOrderState(created, now, payment, cancel, lines, pushedLines);
    }

    /** Lines fulfilled through the API ({@code mask}: a bit per line index), modified now. */
    EbayOrderState pushed(int mask, long now) {
        return new EbayOrderState(created, now, payment, cancel, fulfilledLines, pushedLines | mask);
    }
}
