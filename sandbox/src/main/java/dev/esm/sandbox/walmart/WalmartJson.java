package dev.esm.sandbox.walmart;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.walmart.WalmartOrder.PostalAddress;
import dev.esm.sandbox.walmart.WalmartOrder.ShippingInfo;
import dev.esm.sandbox.walmart.WalmartOrderLine.LineStatus;
import dev.esm.sandbox.walmart.WalmartOrderLine.TrackingInfo;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/** Renders orders exactly as the orders.json spec names them (PurchaseOrderTypeV3, GetOrderResponse). */
final class WalmartJson {

    private WalmartJson() {
    }

    /** {@code {"list":{"meta":{...},"elements":{"order":[...]}}}}; nextCursor omitted on the last page. */
    static ObjectNode list(List<WalmartOrder> orders, int totalCount, int limit, String nextCursor) {
        ObjectNode root = Json.object();
        ObjectNode list = root.putObject("list");
        ObjectNode meta = list.putObject("meta");
        meta.put("totalCount", totalCount);
        meta.put("limit", limit);
        if (nextCursor != null) {
            meta.put("nextCursor", nextCursor);
        }
        ArrayNode array = list.putObject("elements").putArray("order");
        orders.forEach(o -> array.add(order(o)));
        return root;
    }

    /** {@code {"order":{...}}}. */
    static ObjectNode single(WalmartOrder order) {
        ObjectNode root = Json.object();
        root.set("order", order(order));
        return root;
    }

    static ObjectNode order(WalmartOrder o) {
        ObjectNode n = Json.object();
        n.put("purchaseOrderId", o.purchaseOrderId());
        n.put("customerOrderId", o.customerOrderId());
        n.put("customerEmailId", o.customerEmailId());
        n.put("orderType", o.replacement() ? "REPLACEMENT" : "REGULAR");
        if (o.replacement()) {
            n.put("originalCustomerOrderID", "5" + o.customerOrderId().substring(1));
        }
        n.put("orderDate", o.orderDate());
        n.set("shippingInfo", shippingInfo(o.shippingInfo()));
        ArrayNode lines = n.putObject("orderLines").putArray("orderLine");
        for (WalmartOrderLine line : o.lines()) {
            lines.add(line(line, o.shippingInfo()));
        }
        ObjectNode shipNode = n.putObject("shipNode");
        shipNode.put("type", o.fulfilledByWalmart() ? "WFSFulfilled" : "SellerFulfilled");
        return n;
    }

    private static ObjectNode shippingInfo(ShippingInfo s) {
        ObjectNode n = Json.object();
        n.put("phone", s.phone());
        n.put("estimatedDeliveryDate", s.estimatedDeliveryDate());
        n.put("estimatedShipDate", s.estimatedShipDate());
        n.put("methodCode", s.methodCode());
        PostalAddress a = s.postalAddress();
        ObjectNode addr = n.putObject("postalAddress");
        addr.put("name", a.name());
        addr.put("address1", a.address1());
        if (a.address2() != null) {
            addr.put("address2", a.address2());
        }
        addr.put("city", a.city());
        addr.put("state", a.state());
        addr.put("postalCode", a.postalCode());
        addr.put("country", a.country());
        addr.put("addressType", a.addressType());
        return n;
    }

    private static ObjectNode line(WalmartOrderLine line, ShippingInfo shipping) {
        ObjectNode n = Json.object();
        n.put("lineNumber", line.lineNumber());
        ObjectNode item = n.putObject("item");
        item.put("productName", line.productName());
        item.put("sku", line.sku());
        ObjectNode charge = n.putObject("charges").putArray("charge").addObject();
        charge.put("chargeType", "PRODUCT");
        charge.put("chargeName", "ItemPrice");
        money(charge.putObject("chargeAmount"), line.unitPriceCents());
        ObjectNode tax = charge.putObject("tax");
        tax.put("taxName", "Tax1");
        money(tax.putObject("taxAmount"), line.unitTaxCents());
        quantity(n.putObject("orderLineQuantity"), line.quantity());
        n.put("statusDate", line.statusDate());
        ArrayNode statuses = n.putObject("orderLineStatuses").putArray("orderLineStatus");
        for (LineStatus s : line.statuses()) {
            ObjectNode st = statuses.addObject();
            st.put("status", s.status().wire());
            quantity(st.putObject("statusQuantity"), s.quantity());
            if (s.cancellationReason() != null) {
                st.put("cancellationReason", s.cancellationReason());
            }
            if (s.trackingInfo() != null) {
                st.set("trackingInfo", tracking(s.trackingInfo()));
            }
        }
        ObjectNode fulfillment = n.putObject("fulfillment");
        fulfillment.put("fulfillmentOption", "S2H");
        fulfillment.put("shipMethod", shipping.methodCode().toUpperCase());
        fulfillment.put("pickUpDateTime", shipping.estimatedShipDate());
        return n;
    }

    private static ObjectNode tracking(TrackingInfo t) {
        ObjectNode n = Json.object();
        n.put("shipDateTime", t.shipDateTime());
        ObjectNode carrier = n.putObject("carrierName");
        if (t.carrier() != null) {
            carrier.put("carrier", t.carrier());
        } else {
            carrier.put("otherCarrier", t.otherCarrier());
        }
        n.put("methodCode", t.methodCode());
        n.put("trackingNumber", t.trackingNumber());
        if (t.trackingUrl() != null) {
            n.put("trackingURL", t.trackingUrl());
        }
        return n;
    }

    private static void money(ObjectNode n, long cents) {
        n.put("currency", "USD");
        n.put("amount", BigDecimal.valueOf(cents, 2));
    }

    private static void quantity(ObjectNode n, int amount) {
        n.put("unitOfMeasurement", "EACH");
        n.put("amount", String.valueOf(amount));
    }
}
