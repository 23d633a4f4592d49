package dev.esm.marketplace;

import dev.esm.shared.Carrier;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One package's tracking, to be reported to the marketplace the order came from.
 *
 * @param marketplaceOrderId the marketplace's order id (Walmart purchaseOrderId, Amazon orderId, eBay orderId)
 * @param lines              the order lines in the package, with how many units of each
 * @param carrier            the carrier that has the package
 * @param service            the carrier's service as shown to people, e.g. {@code USPS Ground Advantage}; may be null
 * @param trackingNumber     the carrier's tracking number
 * @param trackingUrl        where the buyer can follow the package; may be null
 * @param shippedAt          when the package was handed to the carrier
 * @param packageNumber      which of the order's packages this is (1 for the first), the same when a voided label is
 *                           replaced, so a marketplace that keys packages (Amazon's packageReferenceId) updates the
 *                           package rather than adding one
 */
public record TrackingPush(String marketplaceOrderId, List<PushLine> lines, Carrier carrier, String service,
                           String trackingNumber, String trackingUrl, Instant shippedAt, int packageNumber) {

    /** The order's first (or only) package. */
    public TrackingPush(String marketplaceOrderId, List<PushLine> lines, Carrier carrier, String service,
                        String trackingNumber, String trackingUrl, Instant shippedAt) {
        this(marketplaceOrderId, lines, carrier, service, trackingNumber, trackingUrl, shippedAt, 1);
    }

    public TrackingPush {
        marketplaceOrderId = required(marketplaceOrderId, "marketplaceOrderId");
        Objects.requireNonNull(lines, "lines");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a tracking push needs at least one line");
        }
        Objects.requireNonNull(carrier, "carrier");
        service = service == null || service.isBlank() ? null : service.strip();
        trackingNumber = required(trackingNumber, "trackingNumber");
        trackingUrl = trackingUrl == null || trackingUrl.isBlank() ? null : trackingUrl.strip();
        Objects.requireNonNull(shippedAt, "shippedAt");
        if (packageNumber < 1) {
            throw new IllegalArgumentException("packageNumber must be at least 1: " + packageNumber);
        }
    }

    /**
     * An order line in the package.
     *
     * @param lineNumber the marketplace's line id, as {@code MarketplaceOrder.Line.lineNumber} carries it (Walmart
     *                   lineNumber, Amazon orderItemId, eBay lineItemId)
     * @param quantity   units of that line in the package, at least 1
     */
    public record PushLine(String lineNumber, int quantity) {
        public PushLine {
            lineNumber = required(lineNumber, "lineNumber");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1: " + quantity);
            }
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.strip();
    }
}
