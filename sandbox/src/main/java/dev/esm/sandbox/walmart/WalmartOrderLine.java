package dev.esm.sandbox.walmart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One order line. A line has a quantity and one or more status entries whose quantities add up to it (a partial
 * shipment leaves e.g. 1 Shipped + 1 Acknowledged). Prices are per unit, in cents (USD).
 */
public final class WalmartOrderLine {

    /** {@code TrackingInfoType}: carrier is one of the spec's CarrierNameType values, or otherCarrier is set. */
    public record TrackingInfo(long shipDateTime, String carrier, String otherCarrier, String methodCode,
                               String trackingNumber, String trackingUrl) {
    }

    /** {@code OrderLineStatusType}. */
    public record LineStatus(WalmartStatus status, int quantity, TrackingInfo trackingInfo,
                             String cancellationReason) {
    }

    private final String lineNumber;
    private final String sku;
    private final String productName;
    private final long unitPriceCents;
    private final long unitTaxCents;
    private final int quantity;
    private long statusDate;
    private final List<LineStatus> statuses;

    WalmartOrderLine(String lineNumber, String sku, String productName, long unitPriceCents, long unitTaxCents,
                     int quantity, long statusDate, List<LineStatus> statuses) {
        this.lineNumber = lineNumber;
        this.sku = sku;
        this.productName = productName;
        this.unitPriceCents = unitPriceCents;
        this.unitTaxCents = unitTaxCents;
        this.quantity = quantity;
        this.statusDate = statusDate;
        this.statuses = new ArrayList<>(statuses);
    }

    WalmartOrderLine copy() {
        return new WalmartOrderLine(lineNumber, sku, productName, unitPriceCents, unitTaxCents, quantity, statusDate,
                statuses);
    }

    public String lineNumber() {
        return lineNumber;
    }

    public String sku() {
        return sku;
    }

    public String productName() {
        return productName;
    }

    /** Unit price in cents (the {@code ItemPrice} charge amount). */
    public long unitPriceCents() {
        return unitPriceCents;
    }

    /** Tax on one unit, in cents. */
    public long unitTaxCents() {
        return unitTaxCents;
    }

    public int quantity() {
        return quantity;
    }

    public long statusDate() {
        return statusDate;
    }

    public List<LineStatus> statuses() {
        return Collections.unmodifiableList(statuses);
    }

    /** Quantity currently in any of the given statuses. */
    public int quantityIn(Set<WalmartStatus> wanted) {
        return statuses.stream().filter(s -> wanted.contains(s.status())).mapToInt(LineStatus::quantity).sum();
    }

    public int quantityIn(WalmartStatus wanted) {
        return quantityIn(EnumSet.of(wanted));
    }

    int statusMask() {
        int mask = 0;
        for (LineStatus s : statuses) {
            mask |= s.status().bit();
        }
        return mask;
    }

    /**
     * Moves up to {@code amount} units from entries in {@code from} (in list order) to a new entry with
     * {@code status}, tracking and reason; merges equal entries. Returns the units moved.
     */
    int move(Set<WalmartStatus> from, int amount, WalmartStatus status, TrackingInfo tracking, String reason,
             long now) {
        int left = amount;
        for (int i = 0; i < statuses.size() && left > 0; i++) {
            LineStatus s = statuses.get(i);
            if (from.contains(s.status())) {
                int take = Math.min(left, s.quantity());
                left -= take;
                if (take == s.quantity()) {
                    statuses.remove(i--);
                } else {
                    statuses.set(i, new LineStatus(s.status(), s.quantity() - take, s.trackingInfo(),
                            s.cancellationReason()));
                }
            }
        }
        int moved = amount - left;
        if (moved > 0) {
            add(new LineStatus(status, moved, tracking, reason));
            statusDate = now;
        }
        return moved;
    }

    /** Moves every unit in {@code from} to {@code to}, keeping tracking unless a new one is given. */
    int moveAll(WalmartStatus from, WalmartStatus to, TrackingInfo newTracking, String reason, long now) {
        int moved = 0;
        List<LineStatus> kept = new ArrayList<>();
        List<LineStatus> movedEntries = new ArrayList<>();
        for (LineStatus s : statuses) {
            if (s.status() == from) {
                moved += s.quantity();
                movedEntries.add(new LineStatus(to, s.quantity(),
                        newTracking != null ? newTracking : s.trackingInfo(), reason));
            } else {
                kept.add(s);
            }
        }
        if (moved > 0) {
            statuses.clear();
            statuses.addAll(kept);
            movedEntries.forEach(this::add);
            statusDate = now;
        }
        return moved;
    }

    /** Replaces the tracking of the last Shipped entry (a tracking update after shipping). */
    boolean retrack(TrackingInfo tracking, long now) {
        for (int i = statuses.size() - 1; i >= 0; i--) {
            LineStatus s = statuses.get(i);
            if (s.status() == WalmartStatus.SHIPPED) {
                statuses.set(i, new LineStatus(s.status(), s.quantity(), tracking, s.cancellationReason()));
                statusDate = now;
                return true;
            }
        }
        return false;
    }

    private void add(LineStatus entry) {
        for (int i = 0; i < statuses.size(); i++) {
            LineStatus s = statuses.get(i);
            if (s.status() == entry.status() && Objects.equals(s.trackingInfo(), entry.trackingInfo())
                    && Objects.equals(s.cancellationReason(), entry.cancellationReason())) {
                statuses.set(i, new LineStatus(s.status(), s.quantity() + entry.quantity(), s.trackingInfo(),
                        s.cancellationReason()));
                return;
            }
        }
        statuses.add(entry);
    }
}
