package dev.esm.sandbox.ebay;

import dev.esm.sandbox.FakeBuyer;
import dev.esm.sandbox.FakeBuyers;
import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.FakeProduct;
import dev.esm.sandbox.Seeds;
import dev.esm.sandbox.ebay.EbayOrder.Cancel;
import dev.esm.sandbox.ebay.EbayOrder.Fulfillment;
import dev.esm.sandbox.ebay.EbayOrder.LineItem;
import dev.esm.sandbox.ebay.EbayOrder.Payment;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds order #index of one seller from the seller's seed and the order's {@link EbayOrderState}, so only the state
 * (a few fields) is kept per order. Each order has its own random stream; the header draws come first, in the same
 * order for every order.
 */
final class EbayOrderFactory {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** eBay's ship-by and handling days end at midnight Pacific. */
    static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    /** carrier, service, min transit days, max transit days */
    private static final String[][] SERVICES = {
        {"USPS", "USPSGroundAdvantage", "2", "5"},
        {"USPS", "USPSPriority", "1", "3"},
        {"UPS", "UPSGround", "1", "5"},
        {"FedEx", "FedExHomeDelivery", "1", "5"},
    };
    private static final long[] SHIPPING_CENTS = {399, 499, 599, 799, 999};
    /** A bijection of (seller, index) onto 12-digit numbers: multiply by a unit modulo 9e11, then add 1e11. */
    private static final long ID_MODULUS = 900_000_000_000L;
    private static final BigInteger ID_MODULUS_BIG = BigInteger.valueOf(ID_MODULUS);
    private static final BigInteger ID_MULTIPLIER = BigInteger.valueOf(387_420_489_001L);

    private record Header(int lineCount, int handlingDays, int service, long shippingCents, double statusDraw,
                          double ageDraw, double touchDraw) {
    }

    private final long seed;
    private final int sellerNumber;
    private final String sellerUsername;
    private final FakeCatalog catalog;

    EbayOrderFactory(long seed, int sellerNumber, String sellerUsername, FakeCatalog catalog) {
        if (sellerNumber < 1 || sellerNumber > 999) {
            throw new IllegalArgumentException("seller number must be 1..999");
        }
        this.seed = seed;
        this.sellerNumber = sellerNumber;
        this.sellerUsername = sellerUsername;
        this.catalog = catalog;
    }

    /** eBay's order id shape, {@code 12-34567-89012}; distinct for distinct (seller, index). */
    String orderId(int index) {
        long v = ((long) sellerNumber << 24) | index;
        long scrambled = BigInteger.valueOf(v).multiply(ID_MULTIPLIER).mod(ID_MODULUS_BIG).longValueExact();
        String digits = Long.toString(scrambled + 100_000_000_000L);
        return digits.substring(0, 2) + "-" + digits.substring(2, 7) + "-" + digits.substring(7);
    }

    int lineCount(int index) {
        return header(Seeds.rng(seed, index)).lineCount();
    }

    /**
     * The state of an order of a generated batch: placed within {@code spread} before now and moved on since as a
     * seller would (young orders are still open, older ones shipped within their handling time; a few cancelled).
     */
    EbayOrderState initial(int index, long now, long spreadMillis) {
        Header h = header(Seeds.rng(seed, index));
        long created = now - (long) (h.ageDraw() * spreadMillis);
        long age = now - created;
        double u = h.statusDraw();
        EbayOrderState placed = new EbayOrderState(created, created, Payment.PAID, Cancel.NONE_REQUESTED, 0);
        long shipDelay = 3 * HOUR + (long) (h.touchDraw() * h.handlingDays() * DAY);
        if (u >= 0.94 && age >= HOUR) {
            return placed.canceled(Math.min(now, created + HOUR + (long) (h.touchDraw() * DAY)));
        }
        if (u >= 0.90 && u < 0.94 && age >= 10 * MINUTE) {
            long requested = created + 10 * MINUTE + (long) (h.touchDraw() * 6 * HOUR);
            return age >= 2 * DAY ? placed.canceled(requested + DAY) : placed.cancelRequested(Math.min(now, requested));
        }
        if (u < 0.90 && age >= shipDelay) {
            boolean partly = u < 0.10 && h.lineCount() > 1;
            if (partly && age < shipDelay + 2 * DAY) {
                return placed.fulfilled(1, created + shipDelay);
            }
            return placed.fulfilled(h.lineCount(), created + shipDelay + (partly ? DAY : 0));
        }
        return placed.paid(Math.min(now, created + (long) (h.touchDraw() * 2 * MINUTE)));
    }

    /** A new order placed now; {@code pending} leaves its payment pending. */
    static EbayOrderState fresh(long now, boolean pending) {
        return new EbayOrderState(now, now, pending ? Payment.PENDING : Payment.PAID, Cancel.NONE_REQUESTED, 0);
    }

    EbayOrder build(int index, EbayOrderState state) {
        SplittableRandom r = Seeds.rng(seed, index);
        Header h = header(r);
        FakeBuyer buyer = FakeBuyers.next(r);
        String username = buyer.firstName().toLowerCase() + "_" + buyer.lastName().toLowerCase() + r.nextInt(10, 100);
        String email = Seeds.hex(r, 24).toLowerCase() + "@members.ebay.com";
        String[] service = SERVICES[h.service()];
        long shipBy = endOfDayPacific(state.created(), h.handlingDays());
        long minDelivery = shipBy + Integer.parseInt(service[2]) * DAY;
        long maxDelivery = shipBy + Integer.parseInt(service[3]) * DAY;
        String tracking = tracking(r, service[0]);
        double taxRate = 0.04 + Math.floorMod(buyer.state().hashCode(), 50) / 1000.0;
        String lineIdBase = "1" + Seeds.digits(r, 8);
        String legacyItemBase = "11" + Seeds.digits(r, 8);
        List<LineItem> lines = new ArrayList<>(h.lineCount());
        for (int i = 0; i < h.lineCount(); i++) {
            FakeProduct product = catalog.pick(r);
            int qtyDraw = r.nextInt(10);
            int quantity = qtyDraw < 7 ? 1 : qtyDraw < 9 ? 2 : 3;
            long cost = product.priceCents() * quantity;
            Fulfillment status = state.lineFulfilled(i) ? Fulfillment.FULFILLED : Fulfillment.NOT_STARTED;
            lines.add(new LineItem(lineIdBase + (10 + i), legacyItemBase + (10 + i), product.sku(), product.title(),
                    quantity, product.priceCents(), Math.round(cost * taxRate), i == 0 ? h.shippingCents() : 0,
                    shipBy, status));
        }
        long tax = lines.stream().mapToLong(LineItem::taxCents).sum();
        String legacyOrderId = lines.get(0).legacyItemId() + "-" + Seeds.digits(r, 13);
        return new EbayOrder(orderId(index), legacyOrderId, sellerUsername, state.created(), state.modified(),
                state.payment(), state.cancel(), username, buyer, email, service[0], service[1], minDelivery,
                maxDelivery, h.shippingCents(), tax, state.fulfilledLines() > 0 ? tracking : null, lines);
    }

    private static Header header(SplittableRandom r) {
        int lineDraw = r.nextInt(100);
        int lineCount = lineDraw < 70 ? 1 : lineDraw < 88 ? 2 : lineDraw < 96 ? 3 : 4;
        int handlingDays = 1 + r.nextInt(3);
        int serviceDraw = r.nextInt(100);
        int service = serviceDraw < 40 ? 0 : serviceDraw < 70 ? 1 : serviceDraw < 90 ? 2 : 3;
        long shipping = r.nextInt(100) < 55 ? 0 : SHIPPING_CENTS[r.nextInt(SHIPPING_CENTS.length)];
        return new Header(lineCount, handlingDays, service, shipping, r.nextDouble(), r.nextDouble(), r.nextDouble());
    }

    private static String tracking(SplittableRandom r, String carrier) {
        return switch (carrier) {
            case "UPS" -> "1Z" + Seeds.alnum(r, 16).toUpperCase();
            case "USPS" -> "9400" + Seeds.digits(r, 18);
            default -> Seeds.digits(r, 12);
        };
    }

    /** 23:59:59 Pacific, {@code days} days after the day of {@code millis}. */
    static long endOfDayPacific(long millis, int days) {
        LocalDate day = Instant.ofEpochMilli(millis).atZone(PACIFIC).toLocalDate().plusDays(days);
        return day.atTime(23, 59, 59).atZone(PACIFIC).toInstant().toEpochMilli();
    }
}
