package dev.esm.sandbox.walmart;

/** Order line statuses as spelled on the wire ({@code OrderLineStatusType.status}). */
public enum WalmartStatus {
    CREATED("Created"),
    ACKNOWLEDGED("Acknowledged"),
    SHIPPED("Shipped"),
    DELIVERED("Delivered"),
    CANCELLED("Cancelled"),
    REFUND("Refund");

    private final String wire;

    WalmartStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Bit of this status in an order's status mask. */
    int bit() {
        return 1 << ordinal();
    }

    /** Case-insensitive; null when unknown. */
    public static WalmartStatus fromWire(String value) {
        for (WalmartStatus s : values()) {
            if (s.wire.equalsIgnoreCase(value)) {
                return s;
            }
        }
        return null;
    }
}
