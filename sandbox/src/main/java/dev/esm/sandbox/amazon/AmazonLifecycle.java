package dev.esm.sandbox.amazon;

import dev.esm.sandbox.Seeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How an order moves: PENDING -> UNSHIPPED -> (PARTIALLY_SHIPPED ->) SHIPPED -> packages DELIVERED, or CANCELLED
 * before shipping. Every step returns a new order whose {@code lastUpdatedTime} is the step's time.
 */
final class AmazonLifecycle {

    private static final String[][] CARRIERS = {
        {"UPS", "UPS Ground"}, {"USPS", "USPS Priority Mail"}, {"FedEx", "FedEx Home Delivery"}};

    private AmazonLifecycle() {
    }

    /** One step forward chosen by {@code draw} (0..99); null when the order cannot move any more. */
    static AmazonOrder advance(AmazonOrder order, int draw, SplittableRandom r, Instant at) {
        return switch (order.status()) {
            case PENDING -> draw < 10 ? cancel(order, at) : confirm(order, at);
            case UNSHIPPED -> draw < 5 ? cancel(order, at)
                    : ship(order, order.items().size() > 1 && draw < 30 ? 1 : Integer.MAX_VALUE, r, at);
            case PARTIALLY_SHIPPED -> ship(order, Integer.MAX_VALUE, r, at);
            case SHIPPED -> order.delivered() ? null : deliver(order, at);
            default -> null;
        };
    }

    static AmazonOrder confirm(AmazonOrder order, Instant at) {
        return order.changed(at, AmazonStatus.UNSHIPPED, order.items(), order.packages());
    }

    static AmazonOrder cancel(AmazonOrder order, Instant at) {
        return order.changed(at, AmazonStatus.CANCELLED, order.items(), order.packages());
    }

    static AmazonOrder deliver(AmazonOrder order, Instant at) {
        return order.changed(at, order.status(), order.items(),
                order.packages().stream().map(AmazonPackage::delivered).toList());
    }

    /** Ships the remaining units of up to {@code itemCount} items in one new package. */
    static AmazonOrder ship(AmazonOrder order, int itemCount, SplittableRandom r, Instant at) {
        List<AmazonOrderItem> items = new ArrayList<>();
        Map<String, Integer> packed = new LinkedHashMap<>();
        for (AmazonOrderItem item : order.items()) {
            int left = item.quantityOrdered() - item.quantityShipped();
            if (left > 0 && packed.size() < itemCount) {
                packed.put(item.orderItemId(), left);
                items.add(item.shipped(item.quantityOrdered()));
            } else {
                items.add(item);
            }
        }
        if (packed.isEmpty()) {
            return null;
        }
        List<AmazonPackage> packages = new ArrayList<>(order.packages());
        packages.add(trackedPackage(String.valueOf(packages.size() + 1), r, at, packed));
        boolean all = items.stream().allMatch(i -> i.quantityShipped() >= i.quantityOrdered());
        return order.changed(at, all ? AmazonStatus.SHIPPED : AmazonStatus.PARTIALLY_SHIPPED, items, packages);
    }

    private static AmazonPackage trackedPackage(String reference, SplittableRandom r, Instant at,
                                                Map<String, Integer> items) {
        String[] carrier = CARRIERS[r.nextInt(CARRIERS.length)];
        String number = switch (carrier[0]) {
            case "UPS" -> "1Z" + Seeds.alnum(r, 16).toUpperCase();
            case "USPS" -> "9400" + Seeds.digits(r, 18);
            default -> Seeds.digits(r, 12);
        };
        return new AmazonPackage(reference, carrier[0], carrier[1], number, at, "SHIPPED", items);
    }
}
