package dev.esm.sandbox.ebay;

import dev.esm.sandbox.FakeBuyer;
import dev.esm.sandbox.Json;
import dev.esm.sandbox.Seeds;
import dev.esm.sandbox.ebay.EbayOrder.LineItem;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The Fulfillment API's {@code Order} JSON (sell_fulfillment_v1_oas3: Order, LineItem, FulfillmentStartInstruction,
 * ShippingStep, ExtendedContact, Address, Amount). Amounts are strings with two decimals, dates ISO-8601 UTC with
 * milliseconds. Follows the spec's rule that the buyer's email is returned only within 14 days of the order.
 */
final class EbayJson {

    static final String CURRENCY = "USD";
    private static final long EMAIL_DAYS_MILLIS = 14L * 24 * 3_600_000;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EbayJson() {
    }

    static String date(long millis) {
        return DATE.format(Instant.ofEpochMilli(millis));
    }

    static ObjectNode order(EbayOrder o, String baseUrl, long now) {
        boolean withEmail = now - o.creationDate() < EMAIL_DAYS_MILLIS;
        ObjectNode order = Json.object();
        order.put("orderId", o.orderId());
        order.put("legacyOrderId", o.legacyOrderId());
        order.put("creationDate", date(o.creationDate()));
        order.put("lastModifiedDate", date(o.lastModifiedDate()));
        order.put("orderFulfillmentStatus", o.fulfillmentStatus().name());
        order.put("orderPaymentStatus", o.paymentStatus().name());
        order.put("sellerId", o.sellerUsername());
        ObjectNode buyer = order.putObject("buyer");
        buyer.put("username", o.buyerUsername());
        contact(buyer.putObject("buyerRegistrationAddress"), o.shipTo(), withEmail ? o.email() : null);
        ObjectNode pricing = order.putObject("pricingSummary");
        amount(pricing, "priceSubtotal", o.subtotalCents());
        amount(pricing, "deliveryCost", o.deliveryCostCents());
        amount(pricing, "tax", o.taxCents());
        amount(pricing, "total", o.totalCents());
        ObjectNode cancel = order.putObject("cancelStatus");
        cancel.put("cancelState", o.cancelState().name());
        cancel.putArray("cancelRequests");
        if (o.cancelState() == EbayOrder.Cancel.CANCELED) {
            cancel.put("cancelledDate", date(o.lastModifiedDate()));
        }
        amount(order, "totalMarketplaceFee", marketplaceFeeCents(o));
        ObjectNode payments = order.putObject("paymentSummary");
        amount(payments, "totalDueSeller", o.totalCents() - o.taxCents());
        ObjectNode payment = payments.putArray("payments").addObject();
        payment.put("paymentMethod", "EBAY");
        payment.put("paymentStatus", o.paymentStatus() == EbayOrder.Payment.PENDING ? "PENDING" : "PAID");
        amount(payment, "amount", o.totalCents());
        if (o.paymentStatus() != EbayOrder.Payment.PENDING) {
            payment.put("paymentDate", date(o.creationDate()));
        }
        if (paymentHeld(o)) {
            ObjectNode hold = payment.putArray("paymentHolds").addObject();
            hold.put("holdState", "HELD");
            hold.put("holdReason", "NEW_SELLER");
            amount(hold, "holdAmount", o.totalCents() - o.taxCents());
            hold.put("expectedReleaseDate", date(o.creationDate() + 21L * 24 * 3600 * 1000));
        }
        payments.putArray("refunds");
        ObjectNode instruction = order.putArray("fulfillmentStartInstructions").addObject();
        instruction.put("fulfillmentInstructionsType", "SHIP_TO");
        instruction.put("minEstimatedDeliveryDate", date(o.minEstimatedDeliveryDate()));
        instruction.put("maxEstimatedDeliveryDate", date(o.maxEstimatedDeliveryDate()));
        instruction.put("ebaySupportedFulfillment", false);
        ObjectNode step = instruction.putObject("shippingStep");
        step.put("shippingCarrierCode", o.shippingCarrierCode());
        step.put("shippingServiceCode", o.shippingServiceCode());
        contact(step.putObject("shipTo"), o.shipTo(), withEmail ? o.email() : null);
        ArrayNode hrefs = order.putArray("fulfillmentHrefs");
        if (o.trackingNumber() != null) {
            hrefs.add(baseUrl + "/sell/fulfillment/v1/order/" + o.orderId() + "/shipping_fulfillment/"
                    + o.trackingNumber());
        }
        order.put("salesRecordReference", String.valueOf(Math.floorMod(o.legacyOrderId().hashCode(), 100_000)));
        order.put("ebayCollectAndRemitTax", true);
        ArrayNode lines = order.putArray("lineItems");
        for (LineItem line : o.lineItems()) {
            lines.add(line(line, o));
        }
        return order;
    }

    private static ObjectNode line(LineItem l, EbayOrder o) {
        ObjectNode line = Json.object();
        line.put("lineItemId", l.lineItemId());
        line.put("legacyItemId", l.legacyItemId());
        line.put("sku", l.sku());
        line.put("title", l.title());
        amount(line, "lineItemCost", l.lineItemCostCents());
        line.put("quantity", l.quantity());
        line.put("soldFormat", "FIXED_PRICE");
        line.put("listingMarketplaceId", "EBAY_US");
        line.put("purchaseMarketplaceId", "EBAY_US");
        line.put("lineItemFulfillmentStatus", l.status().name());
        amount(line, "total", l.totalCents());
        amount(line.putObject("deliveryCost"), "shippingCost", l.deliveryCostCents());
        line.putArray("appliedPromotions");
        line.putArray("taxes");
        ObjectNode remit = line.putArray("ebayCollectAndRemitTaxes").addObject();
        remit.put("taxType", "STATE_SALES_TAX");
        remit.put("collectionMethod", "NET");
        amount(remit, "amount", l.taxCents());
        line.putObject("properties").put("buyerProtection", true).put("soldViaAdCampaign", false);
        ObjectNode instructions = line.putObject("lineItemFulfillmentInstructions");
        instructions.put("minEstimatedDeliveryDate", date(o.minEstimatedDeliveryDate()));
        instructions.put("maxEstimatedDeliveryDate", date(o.maxEstimatedDeliveryDate()));
        instructions.put("shipByDate", date(l.shipByDate()));
        instructions.put("guaranteedDelivery", draw(o, "guaranteed") < 10);
        if (draw(l.lineItemId(), "variation") < 30) {
            ArrayNode aspects = line.putArray("variationAspects");
            aspects.addObject().put("name", "Color").put("value", COLORS[draw(l.lineItemId(), "color") % COLORS.length]);
            aspects.addObject().put("name", "Size").put("value", SIZES[draw(l.lineItemId(), "size") % SIZES.length]);
        }
        line.putArray("refunds");
        return line;
    }

    private static final String[] COLORS = {"Black", "Blue", "Red", "Olive"};
    private static final String[] SIZES = {"S", "M", "L", "XL"};

    /**
     * eBay's fees on the order ({@code totalMarketplaceFee}): 13.25 % of items and delivery, plus 30 cents, as eBay's
     * final value fee for most categories.
     */
    public static long marketplaceFeeCents(EbayOrder o) {
        return Math.round((o.subtotalCents() + o.deliveryCostCents()) * 0.1325) + 30;
    }

    /**
     * One paid, not yet shipped order in eight has its payment held by eBay ({@code paymentHolds[].holdState HELD}).
     */
    public static boolean paymentHeld(EbayOrder o) {
        return o.paymentStatus() == EbayOrder.Payment.PAID && o.cancelState() == EbayOrder.Cancel.NONE_REQUESTED
                && o.fulfillmentStatus() == EbayOrder.Fulfillment.NOT_STARTED && draw(o, "hold") < 12;
    }

    /** A line's variation as {@code variationAspects} sends it, "Color: Blue; Size: M", or null. */
    public static String variation(EbayOrder.LineItem l) {
        if (draw(l.lineItemId(), "variation") >= 30) {
            return null;
        }
        return "Color: " + COLORS[draw(l.lineItemId(), "color") % COLORS.length] + "; Size: "
                + SIZES[draw(l.lineItemId(), "size") % SIZES.length];
    }

    /** True when the order's lines qualify for eBay Guaranteed Delivery. */
    public static boolean guaranteedDelivery(EbayOrder o) {
        return draw(o, "guaranteed") < 10;
    }

    private static int draw(EbayOrder o, String label) {
        return draw(o.orderId(), label);
    }

    private static int draw(String id, String label) {
        return (int) Math.floorMod(Seeds.mix(0L, label + "|" + id), 100L);
    }

    private static ObjectNode contact(ObjectNode contact, FakeBuyer b, String email) {
        contact.put("fullName", b.fullName());
        ObjectNode address = contact.putObject("contactAddress");
        address.put("addressLine1", b.address1());
        if (b.address2() != null) {
            address.put("addressLine2", b.address2());
        }
        address.put("city", b.city());
        address.put("stateOrProvince", b.state());
        address.put("postalCode", b.postalCode());
        address.put("countryCode", b.countryCode());
        contact.putObject("primaryPhone").put("phoneNumber", b.phone());
        if (email != null) {
            contact.put("email", email);
        }
        return contact;
    }

    static void amount(ObjectNode parent, String field, long cents) {
        ObjectNode amount = parent.putObject(field);
        amount.put("value", BigDecimal.valueOf(cents, 2).toPlainString());
        amount.put("currency", CURRENCY);
    }
}
