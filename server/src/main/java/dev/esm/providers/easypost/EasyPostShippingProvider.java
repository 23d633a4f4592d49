package dev.esm.providers.easypost;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.esm.shipping.spi.AddressCheck;
import dev.esm.shipping.spi.LabelFile;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Parcel;
import dev.esm.shipping.spi.PostalAddress;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.Rate;
import dev.esm.shipping.spi.RefundStatus;
import dev.esm.shipping.spi.ShipmentRequest;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.spi.ShippingProviderException.ProviderRejected;
import dev.esm.shipping.spi.ShippingProviderException.ProviderUnavailable;
import dev.esm.shipping.spi.TrackingInfo;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The shipping port on EasyPost REST v2 ({@code shared/contracts/shipping.md} section 1): {@code POST /addresses}
 * with {@code verify}, {@code POST /shipments} (rates), {@code GET /shipments/{id or reference}},
 * {@code POST /shipments/{id}/buy}, {@code GET /shipments/{id}/label?file_format=}, {@code POST /shipments/{id}/refund},
 * {@code POST /trackers}. Wire JSON stays in this class.
 */
@Component
class EasyPostShippingProvider implements ShippingProvider {

    private final EasyPostHttp http;

    EasyPostShippingProvider(EasyPostProperties properties) {
        this.http = new EasyPostHttp(properties);
    }

    @Override
    public AddressCheck verifyAddress(ProviderKey key, PostalAddress address) throws ShippingProviderException {
        JsonNode out = http.post(key, "/addresses", Map.of("address", address(address), "verify", true),
                "EasyPost create address");
        JsonNode delivery = out.path("verifications").path("delivery");
        List<String> problems = new ArrayList<>();
        for (JsonNode e : delivery.path("errors")) {
            problems.add(e.isString() ? e.asString() : e.path("message").asString("address problem"));
        }
        boolean deliverable = delivery.path("success").asBoolean(false);
        if (!deliverable && problems.isEmpty()) {
            problems.add("The address could not be verified.");
        }
        return new AddressCheck(postal(out), deliverable, problems, text(out, "id"));
    }

    @Override
    public ProviderShipment createShipment(ProviderKey key, ShipmentRequest request) throws ShippingProviderException {
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("reference", request.reference());
        shipment.put("to_address", address(request.to()));
        shipment.put("from_address", address(request.from()));
        shipment.put("parcel", parcel(request.parcel()));
        shipment.put("options", Map.of("label_format", request.labelFormat().name(), "label_size", "4x6"));
        return shipment(http.post(key, "/shipments", Map.of("shipment", shipment), "EasyPost create shipment"));
    }

    @Override
    public Optional<ProviderShipment> findShipment(ProviderKey key, String idOrReference)
            throws ShippingProviderException {
        try {
            return Optional.of(shipment(http.get(key, "/shipments/" + encode(idOrReference),
                    "EasyPost retrieve shipment")));
        } catch (ProviderRejected e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public ProviderShipment buy(ProviderKey key, String shipmentId, String rateId) throws ShippingProviderException {
        return shipment(http.post(key, "/shipments/" + encode(shipmentId) + "/buy",
                Map.of("rate", Map.of("id", rateId)), "EasyPost buy shipment"));
    }

    /**
     * PDF and ZPL through {@code GET /shipments/{id}/label?file_format=} (EasyPost converts); PNG only as bought
     * (EasyPost converts to PDF, ZPL and EPL2, never back to PNG), i.e. for a shipment created with PNG labels.
     */
    @Override
    public LabelFile label(ProviderKey key, String shipmentId, LabelFormat format) throws ShippingProviderException {
        JsonNode label;
        String url;
        if (format == LabelFormat.PNG) {
            label = http.get(key, "/shipments/" + encode(shipmentId), "EasyPost retrieve shipment").path("postage_label");
            if (!"image/png".equals(text(label, "label_file_type"))) {
                throw new ProviderRejected(422, "LABEL.FORMAT", "EasyPost has this label as "
                        + text(label, "label_file_type") + ", not PNG; PNG labels must be bought as PNG.");
            }
            url = text(label, "label_url");
        } else {
            label = http.get(key, "/shipments/" + encode(shipmentId) + "/label?file_format=" + format.name(),
                    "EasyPost convert label").path("postage_label");
            url = text(label, "label_" + format.name().toLowerCase(Locale.ROOT) + "_url");
        }
        if (url == null) {
            throw new ProviderUnavailable("EasyPost gave no " + format + " label link", null);
        }
        return new LabelFile(format, http.download(url, "EasyPost label file"));
    }

    @Override
    public RefundStatus refund(ProviderKey key, String shipmentId) throws ShippingProviderException {
        JsonNode shipment = http.post(key, "/shipments/" + encode(shipmentId) + "/refund", null,
                "EasyPost refund shipment");
        RefundStatus status = refundStatus(text(shipment, "refund_status"));
        return status == RefundStatus.NONE ? RefundStatus.SUBMITTED : status;
    }

    @Override
    public TrackingInfo track(ProviderKey key, String trackingCode, String carrier) throws ShippingProviderException {
        JsonNode t = http.post(key, "/trackers", Map.of("tracker", Map.of("tracking_code", trackingCode,
                "carrier", carrier)), "EasyPost create tracker");
        return new TrackingInfo(text(t, "id"), text(t, "tracking_code"), text(t, "carrier"), text(t, "status"),
                text(t, "public_url"));
    }

    // ---- wire mapping

    private static Map<String, Object> address(PostalAddress a) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "name", a.name());
        put(out, "company", a.company());
        put(out, "street1", a.street1());
        put(out, "street2", a.street2());
        put(out, "city", a.city());
        put(out, "state", a.state());
        put(out, "zip", a.zip());
        put(out, "country", a.country() == null ? "US" : a.country());
        put(out, "phone", a.phone());
        return out;
    }

    private static Map<String, Object> parcel(Parcel p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weight", p.weightOz());
        if (p.lengthIn() != null) {
            out.put("length", p.lengthIn());
            out.put("width", p.widthIn());
            out.put("height", p.heightIn());
        }
        return out;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.strip());
        }
    }

    private static PostalAddress postal(JsonNode a) {
        return new PostalAddress(text(a, "name"), text(a, "company"), text(a, "street1"), text(a, "street2"),
                text(a, "city"), text(a, "state"), text(a, "zip"), text(a, "country"), text(a, "phone"));
    }

    private static ProviderShipment shipment(JsonNode s) throws ProviderUnavailable {
        String id = text(s, "id");
        if (id == null) {
            throw new ProviderUnavailable("EasyPost answered a shipment without an id", null);
        }
        List<Rate> rates = new ArrayList<>();
        for (JsonNode r : s.path("rates")) {
            rates.add(rate(r));
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode m : s.path("messages")) {
            String text = text(m, "message");
            if (text != null) {
                messages.add(text);
            }
        }
        JsonNode selected = s.path("selected_rate");
        return new ProviderShipment(id, text(s, "reference"), rates, messages,
                selected.isObject() ? rate(selected) : null, text(s, "tracking_code"),
                refundStatus(text(s, "refund_status")));
    }

    private static Rate rate(JsonNode r) {
        String amount = text(r, "rate");
        JsonNode days = r.path("delivery_days");
        return new Rate(text(r, "id"), text(r, "carrier"), text(r, "service"),
                amount == null ? null : new BigDecimal(amount), text(r, "currency"),
                days.isNumber() ? days.asInt() : null);
    }

    private static RefundStatus refundStatus(String wire) {
        if (wire == null) {
            return RefundStatus.NONE;
        }
        return switch (wire) {
            case "submitted" -> RefundStatus.SUBMITTED;
            case "refunded" -> RefundStatus.REFUNDED;
            case "rejected" -> RefundStatus.REJECTED;
            default -> RefundStatus.NONE;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
