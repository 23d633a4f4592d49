package dev.esm.sandbox.amazon;

import dev.esm.sandbox.FakeBuyer;
import dev.esm.sandbox.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders orders as orders_2026-01-01.json names them ({@code SearchOrdersResponse}, {@code Order}). Order items are
 * always included; buyer, recipient, proceeds, fulfillment and packages only when {@code includedData} asks. Like
 * Amazon, the shipping address is only given for orders waiting to ship or shipped, the buyer's e-mail likewise, and
 * the phone is dropped once a shipped order is past its latest delivery date.
 */
final class AmazonJson {

    private static final Set<AmazonStatus> ADDRESS_VISIBLE = Set.of(AmazonStatus.UNSHIPPED,
            AmazonStatus.PARTIALLY_SHIPPED, AmazonStatus.SHIPPED);

    private AmazonJson() {
    }

    static ObjectNode search(List<AmazonOrder> orders, Set<String> included, long now, String nextToken,
                             String endField, long end) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("orders");
        orders.forEach(o -> array.add(order(o, included, now)));
        if (nextToken != null) {
            root.putObject("pagination").put("nextToken", nextToken);
        }
        root.put(endField, time(Instant.ofEpochMilli(end)));
        return root;
    }

    static ObjectNode single(AmazonOrder order, Set<String> included, long now) {
        ObjectNode root = Json.object();
        root.set("order", order(order, included, now));
        return root;
    }

    static ObjectNode order(AmazonOrder o, Set<String> included, long now) {
        ObjectNode n = Json.object();
        n.put("orderId", o.orderId());
        if (o.sellerOrderId() != null) {
            ObjectNode alias = n.putArray("orderAliases").addObject();
            alias.put("aliasId", o.sellerOrderId());
            alias.put("aliasType", "SELLER_ORDER_ID");
        }
        n.put("createdTime", time(o.createdTime()));
        n.put("lastUpdatedTime", time(o.lastUpdatedTime()));
        if (o.prime() || o.extras().business()) {
            ArrayNode programs = n.putArray("programs");
            if (o.prime()) {
                programs.add("PRIME");
            }
            if (o.extras().business()) {
                programs.add("AMAZON_BUSINESS");
            }
        }
        ObjectNode channel = n.putObject("salesChannel");
        channel.put("channelName", "AMAZON");
        channel.put("marketplaceId", o.marketplaceId());
        channel.put("marketplaceName", "ATVPDKIKX0DER".equals(o.marketplaceId()) ? "Amazon.com" : "Amazon");
        boolean addressVisible = ADDRESS_VISIBLE.contains(o.status());
        if (included.contains("BUYER")) {
            ObjectNode buyer = n.putObject("buyer");
            buyer.put("buyerName", o.buyer().fullName());
            if (addressVisible) {
                buyer.put("buyerEmail", o.buyerEmail());
            }
        }
        if (included.contains("RECIPIENT") && addressVisible) {
            boolean phoneVisible = !(o.status() == AmazonStatus.SHIPPED && now > o.latestDelivery().toEpochMilli());
            n.putObject("recipient").set("deliveryAddress", address(o.buyer(), phoneVisible));
        }
        if (included.contains("PROCEEDS")) {
            n.set("proceeds", proceeds(o));
        }
        if (included.contains("FULFILLMENT")) {
            n.set("fulfillment", fulfillment(o));
        }
        ArrayNode items = n.putArray("orderItems");
        o.items().forEach(i -> items.add(item(o, i, included)));
        if (included.contains("PACKAGES") && !o.packages().isEmpty()) {
            ArrayNode packages = n.putArray("packages");
            o.packages().forEach(p -> packages.add(pack(p)));
        }
        return n;
    }

    /** The phone as the sandbox sends it: {@code +1 512-555-0147}. */
    static String phone(FakeBuyer buyer) {
        String p = buyer.phone();
        return "+1 " + p.substring(0, 3) + "-" + p.substring(3, 6) + "-" + p.substring(6);
    }

    private static ObjectNode address(FakeBuyer b, boolean withPhone) {
        ObjectNode a = Json.object();
        a.put("name", b.fullName());
        a.put("addressLine1", b.address1());
        if (b.address2() != null) {
            a.put("addressLine2", b.address2());
        }
        a.put("city", b.city());
        a.put("stateOrRegion", b.state());
        a.put("postalCode", b.postalCode());
        a.put("countryCode", b.countryCode());
        if (withPhone) {
            a.put("phone", phone(b));
        }
        a.put("addressType", b.commercial() ? "COMMERCIAL" : "RESIDENTIAL");
        return a;
    }

    private static ObjectNode proceeds(AmazonOrder o) {
        long items = o.items().stream().mapToLong(AmazonOrderItem::lineCents).sum();
        long tax = o.items().stream().mapToLong(i -> i.unitTaxCents() * i.quantityOrdered()).sum();
        ObjectNode p = Json.object();
        p.set("grandTotal", money(items + tax));
        ArrayNode breakdowns = p.putArray("breakdowns");
        breakdown(breakdowns.addObject(), "ITEM", items);
        breakdown(breakdowns.addObject(), "TAX", tax);
        return p;
    }

    private static ObjectNode fulfillment(AmazonOrder o) {
        ObjectNode f = Json.object();
        f.put("fulfillmentStatus", o.status().wire());
        f.put("fulfilledBy", o.extras().fulfilledByAmazon() ? "AMAZON" : "MERCHANT");
        f.put("fulfillmentServiceLevel", o.serviceLevel());
        window(f.putObject("shipByWindow"), o.earliestShip(), o.latestShip());
        window(f.putObject("deliverByWindow"), o.earliestDelivery(), o.latestDelivery());
        return f;
    }

    private static ObjectNode item(AmazonOrder o, AmazonOrderItem i, Set<String> included) {
        ObjectNode n = Json.object();
        n.put("orderItemId", i.orderItemId());
        n.put("quantityOrdered", i.quantityOrdered());
        ObjectNode product = n.putObject("product");
        product.put("asin", i.asin());
        product.put("title", i.title());
        product.put("sellerSku", i.sellerSku());
        ObjectNode condition = product.putObject("condition");
        condition.put("conditionType", "NEW");
        condition.put("conditionSubtype", "NEW");
        if (i.unitPriceSent()) {
            ObjectNode price = product.putObject("price");
            price.set("unitPrice", money(i.unitPrice()));
        }
        if (included.contains("PROCEEDS")) {
            long items = i.lineCents();
            long tax = i.unitTaxCents() * i.quantityOrdered();
            ObjectNode proceeds = n.putObject("proceeds");
            proceeds.set("proceedsTotal", money(items + tax));
            ArrayNode breakdowns = proceeds.putArray("breakdowns");
            breakdown(breakdowns.addObject(), "ITEM", items);
            breakdown(breakdowns.addObject(), "TAX", tax);
        }
        if (included.contains("FULFILLMENT")) {
            ObjectNode f = n.putObject("fulfillment");
            f.put("quantityFulfilled", i.quantityShipped());
            f.put("quantityUnfulfilled", i.quantityOrdered() - i.quantityShipped());
            if (o.extras().giftMessage() != null) {
                ObjectNode gift = f.putObject("packing").putObject("giftOption");
                gift.put("giftMessage", o.extras().giftMessage());
                gift.put("giftWrapLevel", "CLASSIC");
            }
        }
        if (included.contains("CANCELLATION") && o.extras().cancelRequested()
                && (o.status() == AmazonStatus.UNSHIPPED || o.status() == AmazonStatus.PENDING)) {
            ObjectNode request = n.putObject("cancellation").putObject("cancellationRequest");
            request.put("requester", "BUYER");
            request.put("cancelReason", "Ordered by mistake");
        }
        if (included.contains("TAX")) {
            ObjectNode collection = n.putObject("tax").putArray("taxCollections").addObject();
            collection.put("model", "MARKETPLACE_FACILITATOR");
            collection.put("responsibleParty", "Amazon Services, Inc.");
        }
        return n;
    }

    private static ObjectNode pack(AmazonPackage p) {
        ObjectNode n = Json.object();
        n.put("packageReferenceId", p.packageReferenceId());
        n.put("createdTime", time(p.shipTime()));
        n.putObject("packageStatus").put("status", p.status());
        n.put("carrier", p.carrier());
        n.put("shipTime", time(p.shipTime()));
        n.put("shippingService", p.shippingService());
        n.put("trackingNumber", p.trackingNumber());
        ArrayNode items = n.putArray("packageItems");
        for (Map.Entry<String, Integer> e : p.items().entrySet()) {
            ObjectNode item = items.addObject();
            item.put("orderItemId", e.getKey());
            item.put("quantity", e.getValue());
        }
        return n;
    }

    private static void breakdown(ObjectNode n, String type, long cents) {
        n.put("type", type);
        n.set("subtotal", money(cents));
    }

    private static void window(ObjectNode n, Instant earliest, Instant latest) {
        n.put("earliestDateTime", time(earliest));
        n.put("latestDateTime", time(latest));
    }

    /** {@code Money}: the amount is a decimal string. */
    private static ObjectNode money(long cents) {
        return money(BigDecimal.valueOf(cents, 2));
    }

    private static ObjectNode money(BigDecimal amount) {
        ObjectNode m = Json.object();
        m.put("amount", amount.toPlainString());
        m.put("currencyCode", "USD");
        return m;
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
