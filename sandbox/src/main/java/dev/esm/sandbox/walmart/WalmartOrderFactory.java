package dev.esm.sandbox.walmart;

import dev.esm.sandbox.FakeBuyer;
import dev.esm.sandbox.FakeBuyers;
import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.FakeProduct;
import dev.esm.sandbox.Seeds;
import dev.esm.sandbox.walmart.WalmartOrder.PostalAddress;
import dev.esm.sandbox.walmart.WalmartOrder.ShippingInfo;
import dev.esm.sandbox.walmart.WalmartOrderLine.LineStatus;
import dev.esm.sandbox.walmart.WalmartOrderLine.TrackingInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds order #index of one seller from the seller's seed alone, so orders need not be stored: only the order
 * date, last-modified time and status (a few bytes) are kept per order, plus full copies of orders changed later.
 * Each order has its own random stream; the first draws (the "header") are always taken in the same order so the
 * rest of the stream is the same whatever the order's status.
 */
final class WalmartOrderFactory {

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private static final String[] METHODS = {"Standard", "Value", "Express", "OneDay"};
    private static final String[] CARRIERS = {"UPS", "USPS", "FedEx"};

    /** The draws every order starts with. */
    record Header(int lineCount, boolean partialCancelDraw, int shipDays, String methodCode, double statusDraw,
                  double ageDraw, double touchDraw) {
    }

    /** Status and times of an order of a generated batch. */
    record Initial(long orderDate, WalmartStatus status, long lastModified, int statusMask) {
    }

    private final long seed;
    private final int sellerNumber;
    private final FakeCatalog catalog;

    WalmartOrderFactory(long seed, int sellerNumber, FakeCatalog catalog) {
        if (sellerNumber < 1 || sellerNumber > 999) {
            throw new IllegalArgumentException("seller number must be 1..999");
        }
        this.seed = seed;
        this.sellerNumber = sellerNumber;
        this.catalog = catalog;
    }

    /** 13 digits: 1, seller number (3), index (9). Increases with the index, so it sorts like the index. */
    String purchaseOrderId(int index) {
        return "1" + pad(sellerNumber, 3) + pad(index, 9);
    }

    /** The index of one of this seller's purchase order ids, or -1. */
    int indexOf(String purchaseOrderId) {
        if (purchaseOrderId == null || purchaseOrderId.length() != 13
                || !purchaseOrderId.startsWith("1" + pad(sellerNumber, 3))) {
            return -1;
        }
        try {
            return Integer.parseInt(purchaseOrderId.substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Order date, status and last-modified time of an order generated at {@code now} within {@code spread}. */
    Initial initial(int index, long now, long spreadMillis) {
        Header h = header(Seeds.rng(seed, index));
        long orderDate = now - (long) (h.ageDraw() * spreadMillis);
        WalmartStatus status = pickStatus(h.statusDraw());
        while (orderDate + minAge(status, h) > now) {
            status = younger(status);
        }
        long lastModified = Math.min(now, orderDate + touchDelay(status, h));
        return new Initial(orderDate, status, lastModified, statusMask(status, h));
    }

    /** The status mask of an order from its base status (without building it). */
    int statusMask(int index, WalmartStatus status) {
        return statusMask(status, header(Seeds.rng(seed, index)));
    }

    WalmartOrder build(int index, long orderDate, WalmartStatus status, long lastModified) {
        SplittableRandom r = Seeds.rng(seed, index);
        Header h = header(r);
        FakeBuyer buyer = FakeBuyers.next(r);
        String email = Seeds.hex(r, 32) + "@relay.walmart.com";
        long shipBy = floorHour(orderDate + h.shipDays() * DAY);
        long deliverBy = floorHour(shipBy + deliveryDays(h.methodCode(), r) * DAY);
        PostalAddress address = new PostalAddress(buyer.fullName(), buyer.address1(), buyer.address2(),
                buyer.city(), buyer.state(), buyer.postalCode(), "USA",
                buyer.commercial() ? "COMMERCIAL" : "RESIDENTIAL");
        ShippingInfo shipping = new ShippingInfo(buyer.phone(), deliverBy, shipBy, h.methodCode(), address);
        TrackingInfo tracking = tracking(r, h.methodCode(),
                status == WalmartStatus.DELIVERED ? orderDate + (lastModified - orderDate) / 3 : lastModified);
        double taxRate = 0.04 + Math.floorMod(buyer.state().hashCode(), 50) / 1000.0;
        boolean partialCancel = partialCancel(status, h);
        List<WalmartOrderLine> lines = new ArrayList<>(h.lineCount());
        for (int i = 1; i <= h.lineCount(); i++) {
            FakeProduct product = catalog.pick(r);
            int qtyDraw = r.nextInt(10);
            int quantity = qtyDraw < 7 ? 1 : qtyDraw < 9 ? 2 : 3;
            LineStatus lineStatus = partialCancel && i == h.lineCount()
                    ? new LineStatus(WalmartStatus.CANCELLED, quantity, null, "CUSTOMER_REQUESTED_SELLER_TO_CANCEL")
                    : new LineStatus(status, quantity, carriesTracking(status) ? tracking : null,
                        status == WalmartStatus.CANCELLED ? "CUSTOMER_REQUESTED_SELLER_TO_CANCEL" : null);
            lines.add(new WalmartOrderLine(String.valueOf(i), product.sku(), product.title(), product.priceCents(),
                    Math.round(product.priceCents() * taxRate), quantity, lastModified, List.of(lineStatus)));
        }
        return new WalmartOrder(purchaseOrderId(index), customerOrderId(index), email, orderDate, shipping, lines,
                lastModified);
    }

    /** A tracking record as a seller's label software would produce it (used for generated shipments). */
    static TrackingInfo tracking(SplittableRandom r, String methodCode, long shipDateTime) {
        String carrier = CARRIERS[r.nextInt(CARRIERS.length)];
        String number;
        String url;
        switch (carrier) {
            case "UPS" -> {
                number = "1Z" + Seeds.alnum(r, 16).toUpperCase();
                url = "https://www.ups.com/track?tracknum=" + number;
            }
            case "USPS" -> {
                number = "9400" + Seeds.digits(r, 18);
                url = "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + number;
            }
            default -> {
                number = Seeds.digits(r, 12);
                url = "https://www.fedex.com/fedextrack/?trknbr=" + number;
            }
        }
        return new TrackingInfo(shipDateTime, carrier, null, methodCode, number, url);
    }

    private static Header header(SplittableRandom r) {
        int lineDraw = r.nextInt(100);
        int lineCount = lineDraw < 55 ? 1 : lineDraw < 80 ? 2 : lineDraw < 92 ? 3 : 4;
        boolean partialCancel = r.nextInt(100) < 6;
        int shipDays = 1 + r.nextInt(5);
        int methodDraw = r.nextInt(100);
        String method = methodDraw < 55 ? METHODS[0] : methodDraw < 80 ? METHODS[1] : methodDraw < 92 ? METHODS[2]
                : METHODS[3];
        return new Header(lineCount, partialCancel, shipDays, method, r.nextDouble(), r.nextDouble(), r.nextDouble());
    }

    private static WalmartStatus pickStatus(double u) {
        if (u < 0.30) {
            return WalmartStatus.CREATED;
        }
        if (u < 0.65) {
            return WalmartStatus.ACKNOWLEDGED;
        }
        if (u < 0.82) {
            return WalmartStatus.SHIPPED;
        }
        return u < 0.94 ? WalmartStatus.DELIVERED : WalmartStatus.CANCELLED;
    }

    /** The youngest an order can be to have reached a status. */
    private static long minAge(WalmartStatus status, Header h) {
        return switch (status) {
            case CREATED -> 0;
            case ACKNOWLEDGED -> 5 * MINUTE;
            case SHIPPED -> h.shipDays() * DAY * 3 / 10;
            case DELIVERED -> (h.shipDays() + 1) * DAY;
            default -> HOUR;
        };
    }

    private static WalmartStatus younger(WalmartStatus status) {
        return switch (status) {
            case DELIVERED -> WalmartStatus.SHIPPED;
            case SHIPPED -> WalmartStatus.ACKNOWLEDGED;
            default -> WalmartStatus.CREATED;
        };
    }

    /** Time from order to the last status change. */
    private static long touchDelay(WalmartStatus status, Header h) {
        double t = h.touchDraw();
        return switch (status) {
            case CREATED -> 5 * SECOND + (long) (t * 115 * SECOND);
            case ACKNOWLEDGED -> 5 * MINUTE + (long) (t * (4 * HOUR - 5 * MINUTE));
            case SHIPPED -> (long) ((0.3 + 0.7 * t) * h.shipDays() * DAY);
            case DELIVERED -> h.shipDays() * DAY + DAY + (long) (t * 5 * DAY);
            default -> HOUR + (long) (t * 47 * HOUR);
        };
    }

    private static boolean partialCancel(WalmartStatus status, Header h) {
        return h.partialCancelDraw() && h.lineCount() > 1
                && (status == WalmartStatus.ACKNOWLEDGED || status == WalmartStatus.SHIPPED
                    || status == WalmartStatus.DELIVERED);
    }

    private static int statusMask(WalmartStatus status, Header h) {
        return status.bit() | (partialCancel(status, h) ? WalmartStatus.CANCELLED.bit() : 0);
    }

    private static boolean carriesTracking(WalmartStatus status) {
        return status == WalmartStatus.SHIPPED || status == WalmartStatus.DELIVERED;
    }

    private static int deliveryDays(String method, SplittableRandom r) {
        return switch (method) {
            case "Value" -> 3 + r.nextInt(5);
            case "Express" -> 1 + r.nextInt(2);
            case "OneDay" -> 1;
            default -> 2 + r.nextInt(4);
        };
    }

    /** 13 digits starting with 5; distinct for distinct (seller, index). */
    private String customerOrderId(int index) {
        long n = Math.floorMod((sellerNumber * 1_000_000_000L + index) * 7_919_777L, 1_000_000_000_000L);
        return "5" + pad(n, 12);
    }

    private static long floorHour(long millis) {
        return millis - Math.floorMod(millis, HOUR);
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
