package dev.esm.sandbox.amazon;

import dev.esm.sandbox.FakeBuyer;
import dev.esm.sandbox.FakeBuyers;
import dev.esm.sandbox.FakeCatalog;
import dev.esm.sandbox.FakeProduct;
import dev.esm.sandbox.Seeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds order #index of one seller from the seller's seed: the same seed, index, time and spread give the same
 * order in every run. Each order has its own random stream; its first draws (the header) are always taken in the
 * same order, so buyer and items do not depend on the status the order ends up in.
 */
final class AmazonOrderFactory {

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /** Service level, handling days, minimum and maximum transit days. */
    private static final Object[][] LEVELS = {
        {"STANDARD", 2, 3, 5}, {"EXPEDITED", 1, 2, 3}, {"SECOND_DAY", 1, 2, 2}, {"NEXT_DAY", 0, 1, 1}};

    private record Header(int itemCount, Object[] level, int transitDays, double statusDraw, double ageDraw,
                          double touchDraw, boolean prime) {
    }

    private final long seed;
    private final int sellerNumber;
    private final String marketplaceId;
    private final FakeCatalog catalog;

    AmazonOrderFactory(long seed, int sellerNumber, String marketplaceId, FakeCatalog catalog) {
        if (sellerNumber < 1 || sellerNumber > 99) {
            throw new IllegalArgumentException("seller number must be 1..99");
        }
        this.seed = seed;
        this.sellerNumber = sellerNumber;
        this.marketplaceId = marketplaceId;
        this.catalog = catalog;
    }

    /** 3-7-7 digits: "1", the seller number (2), then the index (7), then 7 digits drawn from the seed. */
    String orderId(int index) {
        long tail = Math.floorMod(Seeds.mix(seed, "order-id-" + index), 10_000_000L);
        return "1" + pad(sellerNumber, 2) + "-" + pad(index, 7) + "-" + pad(tail, 7);
    }

    /** The index of one of this seller's order ids, or -1. */
    int indexOf(String orderId) {
        if (orderId == null || orderId.length() != 19 || !orderId.startsWith("1" + pad(sellerNumber, 2) + "-")) {
            return -1;
        }
        try {
            int index = Integer.parseInt(orderId.substring(4, 11));
            return orderId.equals(orderId(index)) ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An order placed within {@code spreadMillis} before {@code now}, in the status its age allows. */
    AmazonOrder generate(int index, long now, long spreadMillis) {
        SplittableRandom r = Seeds.rng(seed, index);
        Header h = header(r);
        long created = seconds(now - (long) (h.ageDraw() * spreadMillis));
        AmazonOrder placed = placed(index, r, h, created, AmazonStatus.PENDING);
        return evolve(placed, h, r, now);
    }

    /** An order placed at {@code now}: PENDING (four in ten) or UNSHIPPED. */
    AmazonOrder placeNew(int index, long now) {
        SplittableRandom r = Seeds.rng(seed, index);
        Header h = header(r);
        AmazonStatus status = h.statusDraw() < 0.4 ? AmazonStatus.PENDING : AmazonStatus.UNSHIPPED;
        return placed(index, r, h, seconds(now), status);
    }

    private AmazonOrder placed(int index, SplittableRandom r, Header h, long created, AmazonStatus status) {
        FakeBuyer buyer = FakeBuyers.next(r);
        String email = Seeds.alnum(r, 15).toLowerCase() + "@marketplace.amazon.com";
        long day = created - Math.floorMod(created, DAY);
        long latestShip = day + ((int) h.level()[1]) * DAY + DAY - SECOND;
        long earliestDelivery = latestShip + SECOND + (((int) h.level()[2]) - 1) * DAY;
        long latestDelivery = latestShip + SECOND + h.transitDays() * DAY - SECOND;
        double taxRate = 0.04 + Math.floorMod(buyer.state().hashCode(), 50) / 1000.0;
        List<AmazonOrderItem> items = new ArrayList<>(h.itemCount());
        // the cases that set orders apart come from a stream of their own, so the other draws stay as they were
        SplittableRandom x = Seeds.rng(Seeds.mix(seed, "amazon-extras"), index);
        for (int i = 0; i < h.itemCount(); i++) {
            FakeProduct product = catalog.pick(r);
            int qtyDraw = r.nextInt(10);
            int quantity = qtyDraw < 7 ? 1 : qtyDraw < 9 ? 2 : 3;
            int shapeDraw = x.nextInt(10);
            AmazonOrderItem.PriceShape shape = quantity == 2 && shapeDraw < 5 ? AmazonOrderItem.PriceShape.THREE_DECIMALS
                    : shapeDraw == 9 ? AmazonOrderItem.PriceShape.NO_UNIT_PRICE : AmazonOrderItem.PriceShape.CENTS;
            items.add(new AmazonOrderItem(Seeds.digits(r, 14).replaceFirst("^0", "1"), asin(product.sku()),
                    product.sku(), product.title(), quantity, 0, product.priceCents(),
                    Math.round(product.priceCents() * taxRate), shape));
        }
        int extraDraw = x.nextInt(100);
        AmazonOrder.Extras extras = new AmazonOrder.Extras(extraDraw < 12, extraDraw >= 12 && extraDraw < 20,
                extraDraw >= 20 && extraDraw < 26,
                extraDraw >= 26 && extraDraw < 31 ? "Happy birthday!" : null);
        String sellerOrderId = r.nextInt(4) == 0 ? "ESM-" + Seeds.hex(r, 8) : null;
        return new AmazonOrder(orderId(index), sellerOrderId, marketplaceId, Instant.ofEpochMilli(created),
                Instant.ofEpochMilli(created), status, (String) h.level()[0], h.prime(), Instant.ofEpochMilli(day),
                Instant.ofEpochMilli(latestShip), Instant.ofEpochMilli(earliestDelivery),
                Instant.ofEpochMilli(latestDelivery), buyer, email, items, List.of(), extras);
    }

    /** Moves a just-placed order to the status its age and draws give, with plausible times, never after now. */
    private static AmazonOrder evolve(AmazonOrder order, Header h, SplittableRandom r, long now) {
        long created = order.createdTime().toEpochMilli();
        long age = now - created;
        double t = h.touchDraw();
        double d = h.statusDraw();
        if (age < 4 * HOUR && d < 0.5 || age < 3 * DAY && d < 0.03) {
            return order; // payment not yet authorized
        }
        if (age < 30 * MINUTE) {
            return AmazonLifecycle.confirm(order, at(created + (long) (t * age), now));
        }
        AmazonOrder confirmed = AmazonLifecycle.confirm(order, at(created + MINUTE + (long) (t * 29 * MINUTE), now));
        if (d < 0.08) {
            return AmazonLifecycle.cancel(confirmed, at(created + HOUR + (long) (t * 47 * HOUR), now));
        }
        long latestShip = order.latestShip().toEpochMilli();
        boolean overdue = now > latestShip + 2 * DAY;
        if ((d < 0.38 && !overdue) || age < 2 * HOUR) {
            return confirmed;
        }
        long shipAt = seconds(created + HOUR + (long) (t * Math.max(HOUR, Math.min(latestShip, now) - created - HOUR)));
        boolean partial = d < 0.45 && order.items().size() > 1;
        AmazonOrder shipped = AmazonLifecycle.ship(confirmed, partial ? 1 : Integer.MAX_VALUE, r, at(shipAt, now));
        long deliveredAt = shipAt + h.transitDays() * DAY - (long) (t * 6 * HOUR);
        return !partial && deliveredAt < now ? AmazonLifecycle.deliver(shipped, Instant.ofEpochMilli(
                seconds(deliveredAt))) : shipped;
    }

    private static Header header(SplittableRandom r) {
        int itemDraw = r.nextInt(100);
        int itemCount = itemDraw < 60 ? 1 : itemDraw < 85 ? 2 : itemDraw < 95 ? 3 : 4;
        int levelDraw = r.nextInt(100);
        Object[] level = LEVELS[levelDraw < 60 ? 0 : levelDraw < 80 ? 1 : levelDraw < 92 ? 2 : 3];
        int transit = (int) level[2] + r.nextInt((int) level[3] - (int) level[2] + 1);
        return new Header(itemCount, level, transit, r.nextDouble(), r.nextDouble(), r.nextDouble(),
                r.nextInt(100) < 45);
    }

    /** A stable ASIN per SKU: B0 and eight upper-case letters or digits. */
    static String asin(String sku) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(0xA51AL, sku));
        return "B0" + Seeds.alnum(r, 8).toUpperCase();
    }

    private static Instant at(long millis, long now) {
        return Instant.ofEpochMilli(seconds(Math.min(millis, now)));
    }

    static long seconds(long millis) {
        return millis - Math.floorMod(millis, SECOND);
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
