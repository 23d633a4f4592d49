package dev.esm.sandbox.easypost;

import dev.esm.sandbox.Json;
import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;
import dev.esm.sandbox.Seeds;
import dev.esm.sandbox.easypost.EasyPostAccount.Batch;
import dev.esm.sandbox.easypost.EasyPostAccount.Shipment;
import dev.esm.sandbox.easypost.EasyPostAccount.Tracker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The EasyPost v2 endpoints; every handler runs with the request's {@link EasyPostAccount} as principal. */
final class EasyPostApi {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final String[] ADDRESS_FIELDS = {
        "name", "company", "street1", "street2", "city", "state", "zip", "country", "phone", "email",
        "federal_tax_id", "state_tax_id",
    };

    private final EasyPostSimulator sim;

    EasyPostApi(EasyPostSimulator sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- addresses

    SandboxResponse createAddress(SandboxRequest r) {
        JsonNode body = body(r);
        JsonNode in = body.path("address");
        if (!in.isObject()) {
            throw EasyPostErrors.required("address");
        }
        boolean strict = flag(body.path("verify_strict")) || flag(in.path("verify_strict"));
        boolean verify = strict || flag(body.path("verify")) || flag(in.path("verify"));
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode address = newAddress(a, in, verify);
            if (strict && !verified(address)) {
                throw verifyFailure(address);
            }
            a.addresses.put(address.path("id").asString(), address);
            return SandboxResponse.json(201, address);
        }
    }

    SandboxResponse createAndVerifyAddress(SandboxRequest r) {
        JsonNode in = body(r).path("address");
        if (!in.isObject()) {
            throw EasyPostErrors.required("address");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode address = newAddress(a, in, true);
            if (!verified(address)) {
                throw verifyFailure(address);
            }
            a.addresses.put(address.path("id").asString(), address);
            return SandboxResponse.json(200, wrap("address", address));
        }
    }

    SandboxResponse getAddress(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return SandboxResponse.json(200, address(a, r.pathParam("id")));
        }
    }

    SandboxResponse verifyAddress(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode stored = address(a, r.pathParam("id"));
            ObjectNode address = verifyInto(stored.deepCopy(), stored);
            if (!verified(address)) {
                throw verifyFailure(address);
            }
            a.addresses.put(address.path("id").asString(), address);
            return SandboxResponse.json(200, wrap("address", address));
        }
    }

    private ObjectNode address(EasyPostAccount a, String id) {
        ObjectNode address = a.addresses.get(id);
        if (address == null) {
            throw EasyPostErrors.notFound("Address " + id);
        }
        return address;
    }

    /** An Address object from request fields; an {@code {"id":"adr_..."}} reference returns the stored one. */
    private ObjectNode newAddress(EasyPostAccount a, JsonNode in, boolean verify) {
        String ref = Json.text(in.path("id"));
        if (ref != null && a.addresses.containsKey(ref)) {
            ObjectNode stored = a.addresses.get(ref);
            return verify && !stored.path("verifications").has("delivery")
                    ? verifyInto(stored.deepCopy(), stored) : stored;
        }
        String now = now();
        ObjectNode out = Json.object();
        out.put("id", a.newId("adr_"));
        out.put("object", "Address");
        out.put("mode", a.mode());
        out.put("created_at", now.replace("Z", "+00:00"));
        out.put("updated_at", now.replace("Z", "+00:00"));
        for (String f : ADDRESS_FIELDS) {
            String v = Json.text(in.path(f));
            if (v == null || v.isBlank()) {
                out.putNull(f);
            } else {
                out.put(f, v.trim());
            }
        }
        if (out.path("country").isNull()) {
            out.put("country", "US");
        }
        JsonNode residential = in.path("residential");
        if (residential.isBoolean()) {
            out.put("residential", residential.asBoolean());
        } else {
            out.putNull("residential");
        }
        out.putNull("carrier_facility");
        out.putObject("verifications");
        return verify ? verifyInto(out, in) : out;
    }

    /**
     * Sandbox verification: an address is deliverable when it has a street starting with a house number (or a PO
     * box), a city or ZIP, and (US) a 5-digit ZIP; a street containing "UNDELIVERABLE" is never found. Verified
     * addresses come back in capitals with ZIP+4 and coordinates.
     */
    private ObjectNode verifyInto(ObjectNode out, JsonNode in) {
        String street1 = Json.text(in.path("street1"));
        String zip = Json.text(in.path("zip"));
        String country = Json.text(in.path("country"));
        boolean us = country == null || country.equalsIgnoreCase("US");
        ArrayNode errors = Json.array();
        if (street1 == null || street1.isBlank() || street1.toUpperCase(Locale.ROOT).contains("UNDELIVERABLE")) {
            errors.add(fieldError("E.ADDRESS.NOT_FOUND", "address", "Address not found"));
        } else if (!street1.trim().matches("(?i)(\\d.*|p\\.?\\s*o\\.?\\s*box.*)")) {
            errors.add(fieldError("E.ADDRESS.NOT_FOUND", "address", "Address not found"));
            errors.add(fieldError("E.HOUSE_NUMBER.MISSING", "street1", "House number is missing"));
        }
        if (us && (zip == null || !zip.trim().matches("\\d{5}(-?\\d{4})?"))) {
            errors.add(fieldError("E.ADDRESS.NOT_FOUND", "zip", "Invalid or missing ZIP code"));
        }
        ObjectNode verifications = out.putObject("verifications");
        ObjectNode delivery = verifications.putObject("delivery");
        ObjectNode zip4 = verifications.putObject("zip4");
        if (errors.isEmpty()) {
            String zip5 = us ? zip.trim().substring(0, 5) : zip;
            for (String f : new String[] {"street1", "street2", "city", "state"}) {
                String v = Json.text(out.path(f));
                out.put(f, v == null ? "" : v.toUpperCase(Locale.ROOT));
            }
            if (us) {
                long h = Seeds.mix(Seeds.mix(7, zip5), street1.trim().toUpperCase(Locale.ROOT));
                out.put("zip", zip5 + "-" + String.format("%04d", Math.floorMod(h, 10_000)));
            }
            if (out.path("residential").isNull()) {
                out.put("residential", out.path("company").isNull());
            }
            delivery.put("success", true);
            delivery.putArray("errors");
            ObjectNode details = delivery.putObject("details");
            String prefix = UspsZones.prefix(zip5);
            double[] p = prefix == null ? new double[] {39.0, -98.0} : UspsZones.point(prefix);
            details.put(
                    "latitude", BigDecimal.valueOf(p[0]).setScale(5, RoundingMode.HALF_UP).doubleValue());
            details.put(
                    "longitude", BigDecimal.valueOf(p[1]).setScale(5, RoundingMode.HALF_UP).doubleValue());
            details.put("time_zone", UspsZones.timeZone(zip5));
            zip4.put("success", true);
            zip4.putArray("errors");
            zip4.putNull("details");
        } else {
            delivery.put("success", false);
            delivery.set("errors", errors);
            delivery.putNull("details");
            zip4.put("success", false);
            zip4.set("errors", errors.deepCopy());
            zip4.putNull("details");
        }
        return out;
    }

    private static boolean verified(ObjectNode address) {
        return address.path("verifications").path("delivery").path("success").asBoolean(false);
    }

    private static SandboxException verifyFailure(ObjectNode address) {
        ArrayNode errors = Json.array();
        for (JsonNode e : address.path("verifications").path("delivery").path("errors")) {
            errors.add(EasyPostErrors.fieldError(e.path("field").asString(), e.path("message").asString()));
        }
        return new SandboxException(EasyPostErrors.response(422, "ADDRESS.VERIFY.FAILURE",
                errors.path(errors.size() - 1).path("message").asString("Unable to verify address."), errors));
    }

    private static ObjectNode fieldError(String code, String field, String message) {
        ObjectNode e = Json.object();
        e.put("code", code);
        e.put("field", field);
        e.put("message", message);
        e.putNull("suggestion");
        return e;
    }

    // ---------------------------------------------------------------- parcels

    SandboxResponse createParcel(SandboxRequest r) {
        JsonNode in = body(r).path("parcel");
        if (!in.isObject()) {
            throw EasyPostErrors.required("parcel");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode parcel = newParcel(a, in);
            a.parcels.put(parcel.path("id").asString(), parcel);
            return SandboxResponse.json(201, parcel);
        }
    }

    SandboxResponse getParcel(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode parcel = a.parcels.get(r.pathParam("id"));
            if (parcel == null) {
                throw EasyPostErrors.notFound("Parcel " + r.pathParam("id"));
            }
            return SandboxResponse.json(200, parcel);
        }
    }

    private ObjectNode newParcel(EasyPostAccount a, JsonNode in) {
        String ref = Json.text(in.path("id"));
        if (ref != null && a.parcels.containsKey(ref)) {
            return a.parcels.get(ref);
        }
        if (ref != null) {
            throw EasyPostErrors.notFound("Parcel " + ref);
        }
        double weight = number(in.path("weight"), "parcel.weight");
        if (!(weight > 0)) {
            throw EasyPostErrors.invalid("weight", "must be greater than 0 (ounces)");
        }
        String predefined = Json.text(in.path("predefined_package"));
        String now = now();
        ObjectNode out = Json.object();
        out.put("id", a.newId("prcl_"));
        out.put("object", "Parcel");
        out.put("mode", a.mode());
        for (String dim : new String[] {"length", "width", "height"}) {
            JsonNode v = in.path(dim);
            if (v.isMissingNode() || v.isNull()) {
                out.putNull(dim);
            } else {
                double d = number(v, "parcel." + dim);
                if (d < 0) {
                    throw EasyPostErrors.invalid(dim, "must not be negative (inches)");
                }
                out.put(dim, d);
            }
        }
        out.put("weight", weight);
        if (predefined == null) {
            out.putNull("predefined_package");
        } else {
            out.put("predefined_package", predefined);
        }
        out.put("created_at", now);
        out.put("updated_at", now);
        return out;
    }

    // ---------------------------------------------------------------- shipments

    SandboxResponse createShipment(SandboxRequest r) {
        JsonNode in = body(r).path("shipment");
        if (!in.isObject()) {
            throw EasyPostErrors.required("shipment");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            Shipment s = newShipment(a, in, r);
            JsonNode accounts = in.path("carrier_accounts");
            if (s.service != null && accounts.isArray() && !accounts.isEmpty()) {
                // one-call buy: service + carrier_accounts give an already purchased shipment
                ObjectNode rate = s.rates.values().stream()
                        .filter(x -> x.path("service").asString().equalsIgnoreCase(s.service)).findFirst()
                        .orElseThrow(() -> EasyPostErrors.fail(422, "SHIPMENT.POSTAGE.FAILURE",
                                "Service " + s.service + " is not available for this shipment."));
                purchase(a, s, rate, null, r);
            }
            return SandboxResponse.json(201, render(a, s));
        }
    }

    private Shipment newShipment(EasyPostAccount a, JsonNode in, SandboxRequest r) {
        if (!in.path("to_address").isObject()) {
            throw EasyPostErrors.required("shipment.to_address");
        }
        if (!in.path("from_address").isObject()) {
            throw EasyPostErrors.required("shipment.from_address");
        }
        if (!in.path("parcel").isObject()) {
            throw EasyPostErrors.required("shipment.parcel");
        }
        ObjectNode to = stored(a, newAddress(a, in.path("to_address"), false));
        ObjectNode from = stored(a, newAddress(a, in.path("from_address"), false));
        ObjectNode parcel = newParcel(a, in.path("parcel"));
        a.parcels.put(parcel.path("id").asString(), parcel);
        String carrier = Json.text(in.path("carrier"));
        String service = Json.text(in.path("service"));
        if (service != null && UspsRates.service(service) == null) {
            throw EasyPostErrors.invalid("service", "unknown USPS service " + service
                    + " (GroundAdvantage, Priority, Express)");
        }
        String reference = Json.text(in.path("reference"));
        String id = a.newId("shp_");
        String now = now();
        int zone = UspsZones.zone(from.path("zip").asString(), to.path("zip").asString());

        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("object", "Shipment");
        json.put("mode", a.mode());
        json.put("status", "unknown");
        if (reference == null) {
            json.putNull("reference");
        } else {
            json.put("reference", reference);
        }
        json.put("is_return", in.path("is_return").asBoolean(false));
        ObjectNode options = in.path("options").isObject() ? ((ObjectNode) in.path("options")).deepCopy()
                : Json.object();
        String format = Json.text(options.path("label_format"));
        format = format == null ? "PNG" : format.toUpperCase(Locale.ROOT);
        if (!List.of("PNG", "PDF", "ZPL", "EPL2").contains(format)) {
            throw EasyPostErrors.invalid("options.label_format", "must be PNG, PDF, ZPL or EPL2");
        }
        options.put("label_format", format);
        if (!options.has("currency")) {
            options.put("currency", "USD");
        }
        if (!options.has("payment")) {
            options.putObject("payment").put("type", "SENDER");
        }
        if (!options.has("date_advance")) {
            options.put("date_advance", 0);
        }
        json.set("options", options);
        json.set("to_address", to);
        json.set("from_address", from);
        json.set("return_address", from);
        json.set("buyer_address", to);
        json.set("parcel", parcel);
        json.putNull("customs_info");
        ArrayNode rates = json.putArray("rates");
        ArrayNode messages = json.putArray("messages");
        json.putNull("selected_rate");
        json.putNull("postage_label");
        json.putNull("tracking_code");
        json.putNull("tracker");
        json.putArray("fees");
        json.putArray("forms");
        json.putNull("insurance");
        json.putNull("refund_status");
        json.putNull("batch_id");
        json.putNull("batch_status");
        json.putNull("batch_message");
        json.putNull("scan_form");
        json.putNull("order_id");
        json.put("usps_zone", zone);
        json.put("created_at", now);
        json.put("updated_at", now);

        Shipment s = new Shipment(id, json, reference);
        s.service = service;
        if (carrier != null && !carrier.equalsIgnoreCase("USPS")) {
            messages.add(rateMessage(a, "carrier " + carrier + " is not connected to this sandbox account"));
        } else {
            addRates(a, s, parcel, zone, rates, messages);
        }
        a.shipments.put(id, s);
        return s;
    }

    private ObjectNode stored(EasyPostAccount a, ObjectNode address) {
        a.addresses.put(address.path("id").asString(), address);
        return address;
    }

    private void addRates(EasyPostAccount a, Shipment s, ObjectNode parcel, int zone, ArrayNode rates,
                          ArrayNode messages) {
        double weight = parcel.path("weight").asDouble();
        if (weight > UspsRates.MAX_WEIGHT_OZ) {
            messages.add(rateMessage(a, "Weight exceeds the USPS maximum of 70 lb (1120 oz)"));
            return;
        }
        String now = now();
        for (UspsRates.Service svc : UspsRates.SERVICES) {
            BigDecimal price = UspsRates.price(svc, weight, parcel.path("length").asDouble(0),
                    parcel.path("width").asDouble(0), parcel.path("height").asDouble(0), zone);
            int days = UspsRates.deliveryDays(svc, zone);
            ObjectNode rate = Json.object();
            rate.put("id", a.newId("rate_"));
            rate.put("object", "Rate");
            rate.put("mode", a.mode());
            rate.put("created_at", now);
            rate.put("updated_at", now);
            rate.put("service", svc.name());
            rate.put("carrier", "USPS");
            rate.put("rate", price.toPlainString());
            rate.put("currency", "USD");
            rate.put("list_rate", price.multiply(BigDecimal.valueOf(1.08)).setScale(2, RoundingMode.HALF_UP)
                    .toPlainString());
            rate.put("list_currency", "USD");
            rate.put("retail_rate", price.multiply(BigDecimal.valueOf(1.35)).setScale(2, RoundingMode.HALF_UP)
                    .toPlainString());
            rate.put("retail_currency", "USD");
            rate.put("delivery_days", days);
            rate.put("est_delivery_days", days);
            if (svc.guaranteed()) {
                rate.put("delivery_date", sim.clock().instant().plus(Duration.ofDays(days))
                        .truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(22)).toString());
            } else {
                rate.putNull("delivery_date");
            }
            rate.put("delivery_date_guaranteed", svc.guaranteed());
            rate.put("billing_type", "easypost");
            rate.put("shipment_id", s.id);
            rate.put("carrier_account_id", a.carrierAccountId());
            rates.add(rate);
            s.rates.put(rate.path("id").asString(), rate);
        }
    }

    private static ObjectNode rateMessage(EasyPostAccount a, String message) {
        ObjectNode m = Json.object();
        m.put("carrier", "USPS");
        m.put("carrier_account_id", a.carrierAccountId());
        m.put("type", "rate_error");
        m.put("message", message);
        return m;
    }

    SandboxResponse getShipment(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return SandboxResponse.json(200, render(a, shipment(a, r.pathParam("id"))));
        }
    }

    SandboxResponse listShipments(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return list(r, "shipments", new ArrayList<>(a.shipments.values()), s -> s.id, s -> render(a, s));
        }
    }

    SandboxResponse rerate(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            Shipment s = shipment(a, r.pathParam("id"));
            if (s.bought()) {
                throw EasyPostErrors.fail(422, "SHIPMENT.POSTAGE.EXISTS",
                        "Postage already exists for this shipment.");
            }
            s.rates.clear();
            ArrayNode rates = s.json.putArray("rates");
            ArrayNode messages = s.json.putArray("messages");
            addRates(a, s, (ObjectNode) s.json.path("parcel"), s.json.path("usps_zone").asInt(), rates, messages);
            s.json.put("updated_at", now());
            ObjectNode out = Json.object();
            out.set("rates", rates.deepCopy());
            return SandboxResponse.json(200, out);
        }
    }

    SandboxResponse buy(SandboxRequest r) {
        JsonNode body = body(r);
        String rateId = Json.text(body.path("rate").path("id"));
        EasyPostAccount a = account(r);
        synchronized (a) {
            Shipment s = shipment(a, r.pathParam("id"));
            if (s.bought() && !sim.honoursRebuys()) {
                throw EasyPostErrors.fail(422, "SHIPMENT.POSTAGE.EXISTS",
                        "Postage already exists for this shipment.");
            }
            if (rateId == null) {
                throw EasyPostErrors.required("rate");
            }
            ObjectNode rate = s.rates.get(rateId);
            if (rate == null) {
                throw EasyPostErrors.notFound("Rate " + rateId);
            }
            if (sim.takeBuyRejection()) {
                throw EasyPostErrors.fail(422, "SHIPMENT.POSTAGE.FAILURE",
                        "USPS could not create postage for this shipment at this time (simulated rejection).");
            }
            purchase(a, s, rate, Json.text(body.path("insurance")), r);
            if (sim.takeLostBuyResponse()) {
                // the label is bought, but the answer never reaches the client (a gateway timeout)
                throw new SandboxException(SandboxResponse.empty(504));
            }
            return SandboxResponse.json(200, render(a, s));
        }
    }

    /** Buys a rate: tracking number, postage label, tracker, fees; counts the purchase. */
    private void purchase(EasyPostAccount a, Shipment s, ObjectNode rate, String insurance, SandboxRequest r) {
        UspsRates.Service svc = UspsRates.service(rate.path("service").asString());
        Instant now = sim.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String nowText = now.toString();
        String pic = UspsPic.of(svc.serviceTypeCode(), a.mailerId(), a.nextSerial());
        ObjectNode to = (ObjectNode) s.json.path("to_address");
        ObjectNode from = (ObjectNode) s.json.path("from_address");
        String zip5 = zip5(to.path("zip").asString());
        s.trackingCode = pic;
        s.boughtAt = now;
        s.deliveryDays = rate.path("delivery_days").asInt();
        s.label = new LabelData(svc, lines(from, false), lines(to, true), zip5, pic, rate.path("rate").asString(),
                now.atZone(ZoneOffset.UTC).toLocalDate(), s.json.path("parcel").path("weight").asDouble(),
                s.json.path("usps_zone").asInt(), s.reference);
        s.labelKey = Seeds.hex(Seeds.rng(Seeds.mix(sim.seed(), pic), 1), 32).toLowerCase();
        sim.registerLabel(s.labelKey, a, s.id, null);

        String format = s.json.path("options").path("label_format").asString("PNG");
        ObjectNode label = Json.object();
        label.put("id", a.newId("pl_"));
        label.put("object", "PostageLabel");
        label.put("created_at", nowText);
        label.put("updated_at", nowText);
        label.put("date_advance", 0);
        label.put("integrated_form", "none");
        label.put("label_date", nowText);
        label.put("label_resolution", UspsLabels.PNG_DPI);
        label.put("label_size", "4x6");
        label.put("label_type", "default");
        label.put("label_file_type", switch (format) {
            case "PDF" -> "application/pdf";
            case "ZPL" -> "application/zpl";
            case "EPL2" -> "application/epl2";
            default -> "image/png";
        });
        label.put("label_url", labelUrl(s, format));
        label.putNull("label_pdf_url");
        label.putNull("label_zpl_url");
        label.putNull("label_epl2_url");
        if (!"PNG".equals(format)) {
            label.put("label_" + format.toLowerCase(Locale.ROOT) + "_url", labelUrl(s, format));
        }
        label.putNull("label_file");
        s.json.set("postage_label", label);
        s.json.set("selected_rate", rate.deepCopy());
        s.json.put("tracking_code", pic);
        if (insurance != null) {
            s.json.put("insurance", insurance);
        }
        ArrayNode fees = s.json.putArray("fees");
        fees.add(fee("LabelFee", "0.00000"));
        fees.add(fee("PostageFee", new BigDecimal(rate.path("rate").asString()).setScale(5).toPlainString()));
        if (insurance != null) {
            BigDecimal premium = new BigDecimal(insurance).multiply(BigDecimal.valueOf(0.005)).setScale(5,
                    RoundingMode.HALF_UP);
            fees.add(fee("InsuranceFee", premium.toPlainString()));
        }
        Tracker t = tracker(a, pic, "USPS", now);
        t.shipmentId = s.id;
        s.trackerId = t.id;
        s.json.put("updated_at", nowText);
        a.countPurchase();
    }

    private static ObjectNode fee(String type, String amount) {
        ObjectNode f = Json.object();
        f.put("object", "Fee");
        f.put("type", type);
        f.put("amount", amount);
        f.put("charged", true);
        f.put("refunded", false);
        return f;
    }

    SandboxResponse label(SandboxRequest r) {
        String format = r.query("file_format");
        if (format == null || format.isBlank()) {
            throw EasyPostErrors.required("file_format");
        }
        format = format.toUpperCase(Locale.ROOT);
        if (!List.of("PDF", "ZPL", "EPL2", "PNG").contains(format)) {
            throw EasyPostErrors.invalid("file_format", "must be PDF, ZPL, EPL2 or PNG");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            Shipment s = shipment(a, r.pathParam("id"));
            if (!s.bought()) {
                throw EasyPostErrors.fail(422, "SHIPMENT.POSTAGE.REQUIRED",
                        "This shipment has no postage label yet; buy a rate first.");
            }
            ObjectNode label = (ObjectNode) s.json.path("postage_label");
            if (!"PNG".equals(format)) {
                label.put("label_" + format.toLowerCase(Locale.ROOT) + "_url", labelUrl(s, format));
            }
            label.put("updated_at", now());
            return SandboxResponse.json(200, render(a, s));
        }
    }

    SandboxResponse refund(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            Shipment s = shipment(a, r.pathParam("id"));
            requestRefund(a, s);
            return SandboxResponse.json(200, render(a, s));
        }
    }

    private ObjectNode requestRefund(EasyPostAccount a, Shipment s) {
        if (!s.bought()) {
            throw EasyPostErrors.fail(422, "SHIPMENT.REFUND.UNAVAILABLE", "This shipment has no postage to refund.");
        }
        if (s.refundRequestedAt != null) {
            throw EasyPostErrors.fail(422, "SHIPMENT.REFUND.UNAVAILABLE",
                    "A refund has already been requested for this shipment.");
        }
        Tracker t = a.trackers.get(s.trackerId);
        String status = trackerStatus(a, t);
        s.refundRequestedAt = sim.clock().instant();
        // USPS refuses refunds for labels already in the mail stream
        s.refundOutcome = status.equals("pre_transit") || status.equals("unknown") ? "refunded" : "rejected";
        s.json.put("updated_at", now());
        ObjectNode refund = Json.object();
        s.refundId = a.newId("rfnd_");
        refund.put("id", s.refundId);
        refund.put("object", "Refund");
        refund.put("mode", a.mode());
        refund.put("tracking_code", s.trackingCode);
        refund.putNull("confirmation_number");
        refund.put("carrier", "USPS");
        refund.put("shipment_id", s.id);
        refund.put("created_at", now());
        refund.put("updated_at", now());
        a.refundObjects.put(s.refundId, refund);
        a.countRefund();
        return refund;
    }

    /** {@code submitted} until the refund delay has passed on the clock, then {@code refunded} or {@code rejected}. */
    private String refundStatus(Shipment s) {
        if (s.refundRequestedAt == null) {
            return null;
        }
        return sim.clock().instant().isBefore(s.refundRequestedAt.plus(sim.refundDelay())) ? "submitted"
                : s.refundOutcome;
    }

    SandboxResponse createRefunds(SandboxRequest r) {
        JsonNode in = body(r).path("refund");
        JsonNode codes = in.path("tracking_codes");
        if (!codes.isArray() || codes.isEmpty()) {
            throw EasyPostErrors.required("refund.tracking_codes");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            ArrayNode out = Json.array();
            for (JsonNode c : codes) {
                String code = c.asString();
                Shipment s = a.shipments.values().stream().filter(x -> code.equals(x.trackingCode)).findFirst()
                        .orElseThrow(() -> EasyPostErrors.notFound("Shipment with tracking code " + code));
                ObjectNode refund = requestRefund(a, s);
                out.add(renderRefund(a, refund));
            }
            return SandboxResponse.json(201, out);
        }
    }

    SandboxResponse getRefund(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            ObjectNode refund = a.refundObjects.get(r.pathParam("id"));
            if (refund == null) {
                throw EasyPostErrors.notFound("Refund " + r.pathParam("id"));
            }
            return SandboxResponse.json(200, renderRefund(a, refund));
        }
    }

    SandboxResponse listRefunds(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return list(r, "refunds", new ArrayList<>(a.refundObjects.values()), x -> x.path("id").asString(),
                    x -> renderRefund(a, x));
        }
    }

    private ObjectNode renderRefund(EasyPostAccount a, ObjectNode refund) {
        ObjectNode out = refund.deepCopy();
        Shipment s = a.shipments.get(refund.path("shipment_id").asString());
        out.put("status", refundStatus(s));
        return out;
    }

    private Shipment shipment(EasyPostAccount a, String idOrReference) {
        return byIdOrReference(a.shipments, idOrReference, s -> s.reference, "Shipment");
    }

    /**
     * Like EasyPost, an object's reference can stand for its id; the newest one with it wins (the maps keep
     * insertion order).
     */
    private static <T> T byIdOrReference(Map<String, T> objects, String idOrReference,
                                         Function<T, String> reference, String kind) {
        T found = objects.get(idOrReference);
        if (found == null) {
            for (T candidate : objects.values()) {
                if (idOrReference.equals(reference.apply(candidate))) {
                    found = candidate;
                }
            }
        }
        if (found == null) {
            throw EasyPostErrors.notFound(kind + " " + idOrReference);
        }
        return found;
    }

    private ObjectNode render(EasyPostAccount a, Shipment s) {
        ObjectNode out = s.json.deepCopy();
        String refund = refundStatus(s);
        if (refund == null) {
            out.putNull("refund_status");
        } else {
            out.put("refund_status", refund);
            if ("refunded".equals(refund)) {
                for (JsonNode fee : out.path("fees")) {
                    ((ObjectNode) fee).put("refunded", true);
                }
            }
        }
        if (s.trackerId != null) {
            out.set("tracker", renderTracker(a, a.trackers.get(s.trackerId)));
            out.put("status", out.path("tracker").path("status").asString());
        }
        if (s.batchId != null) {
            Batch b = a.batches.get(s.batchId);
            out.put("batch_id", b.id);
            out.put("batch_status", b.batchStatus.get(s.id));
            String message = b.batchMessage.get(s.id);
            if (message == null) {
                out.putNull("batch_message");
            } else {
                out.put("batch_message", message);
            }
        }
        return out;
    }

    private String labelUrl(Shipment s, String format) {
        return sim.baseUrl() + "/files/postage_label/" + DAY.format(s.boughtAt) + "/" + s.labelKey + "."
                + format.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- label files (no API key, like S3 links)

    SandboxResponse labelFile(SandboxRequest r) {
        String file = r.pathParam("file");
        int dot = file.lastIndexOf('.');
        String key = dot < 0 ? file : file.substring(0, dot);
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        EasyPostSimulator.LabelRef ref = sim.label(key);
        if (ref == null) {
            return SandboxResponse.text(404, "application/xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message></Error>");
        }
        EasyPostAccount a = ref.account();
        List<LabelData> labels = new ArrayList<>();
        synchronized (a) {
            if (ref.batchId() != null) {
                Batch b = a.batches.get(ref.batchId());
                for (String id : b.shipmentIds) {
                    Shipment s = a.shipments.get(id);
                    if (s.bought()) {
                        labels.add(s.label);
                    }
                }
            } else {
                labels.add(a.shipments.get(ref.shipmentId()).label);
            }
        }
        return switch (ext) {
            case "pdf" -> new SandboxResponse(200, "application/pdf", sim.cached(key + ".pdf",
                    () -> UspsLabels.pdf(labels)));
            case "png" -> labels.size() != 1 ? SandboxResponse.empty(404)
                    : new SandboxResponse(200, "image/png", sim.cached(key + ".png",
                            () -> UspsLabels.png(labels.get(0))));
            case "zpl" -> SandboxResponse.text(200, "application/zpl",
                    String.join("", labels.stream().map(UspsLabels::zpl).toList()));
            case "epl2" -> SandboxResponse.text(200, "application/epl2",
                    String.join("", labels.stream().map(UspsLabels::epl2).toList()));
            default -> SandboxResponse.empty(404);
        };
    }

    // ---------------------------------------------------------------- trackers

    SandboxResponse createTracker(SandboxRequest r) {
        JsonNode in = body(r).path("tracker");
        String code = Json.text(in.path("tracking_code"));
        if (code == null || code.isBlank()) {
            throw EasyPostErrors.required("tracker.tracking_code");
        }
        String carrier = Json.text(in.path("carrier"));
        EasyPostAccount a = account(r);
        synchronized (a) {
            Tracker t = tracker(a, code.trim(), carrier == null ? "USPS" : carrier.trim(), sim.clock().instant());
            return SandboxResponse.json(200, renderTracker(a, t));
        }
    }

    SandboxResponse getTracker(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            Tracker t = a.trackers.get(r.pathParam("id"));
            if (t == null) {
                throw EasyPostErrors.notFound("Tracker " + r.pathParam("id"));
            }
            return SandboxResponse.json(200, renderTracker(a, t));
        }
    }

    SandboxResponse listTrackers(SandboxRequest r) {
        String code = r.query("tracking_code");
        String carrier = r.query("carrier");
        EasyPostAccount a = account(r);
        synchronized (a) {
            List<Tracker> all = a.trackers.values().stream()
                    .filter(t -> code == null || code.equals(t.code))
                    .filter(t -> carrier == null || carrier.equalsIgnoreCase(t.carrier)).toList();
            return list(r, "trackers", new ArrayList<>(all), t -> t.id, t -> renderTracker(a, t));
        }
    }

    /** The tracker for (code, carrier), created once: EasyPost returns the original for a repeated create. */
    private Tracker tracker(EasyPostAccount a, String code, String carrier, Instant now) {
        String key = carrier.toUpperCase(Locale.ROOT) + "\u0000" + code;
        String existing = a.trackerByCode.get(key);
        if (existing != null) {
            return a.trackers.get(existing);
        }
        Tracker t = new Tracker(a.newId("trk_"), code, carrier, now.truncatedTo(ChronoUnit.SECONDS));
        a.trackers.put(t.id, t);
        a.trackerByCode.put(key, t.id);
        for (Shipment s : a.shipments.values()) {
            if (code.equals(s.trackingCode)) {
                t.shipmentId = s.id;
            }
        }
        return t;
    }

    private record Event(Instant at, String status, String detail, String message, ObjectNode where) {
    }

    private static final String[] EZ_STATUSES = {
        null, "pre_transit", "in_transit", "out_for_delivery", "delivered", "return_to_sender", "failure", "unknown",
    };

    /**
     * Deterministic progress: EasyPost's test codes {@code EZ1000000001}..{@code EZ7000000007} sit at a fixed
     * status (1 pre_transit, 2 in_transit, 3 out_for_delivery, 4 delivered, 5 return_to_sender, 6 failure,
     * 7 unknown); a label bought here moves with the clock from its purchase: label created, accepted after 10 h,
     * departed after 16 h, out for delivery and delivered around its delivery days; any other code stays unknown.
     */
    private List<Event> events(EasyPostAccount a, Tracker t) {
        List<Event> events = new ArrayList<>();
        Shipment s = t.shipmentId == null ? null : a.shipments.get(t.shipmentId);
        if (s != null && s.bought()) {
            ObjectNode from = location((ObjectNode) s.json.path("from_address"));
            ObjectNode to = location((ObjectNode) s.json.path("to_address"));
            Instant b = s.boughtAt;
            Instant out = b.plus(Duration.ofHours(Math.max(20, s.deliveryDays * 24L - 6)));
            events.add(new Event(b, "pre_transit", "label_created", "Shipping Label Created, USPS Awaiting Item",
                    from));
            if (s.refundRequestedAt == null || !"refunded".equals(s.refundOutcome)) {
                events.add(new Event(b.plus(Duration.ofHours(10)), "in_transit", "arrived_at_facility",
                        "Accepted at USPS Origin Facility", from));
                events.add(new Event(b.plus(Duration.ofHours(16)), "in_transit", "departed_facility",
                        "Departed USPS Regional Facility", from));
                events.add(new Event(out, "out_for_delivery", "out_for_delivery", "Out for Delivery", to));
                events.add(new Event(out.plus(Duration.ofHours(5)), "delivered", "arrived_at_destination",
                        "Delivered, In/At Mailbox", to));
            }
        } else if (t.code.matches("EZ[1-7]\\d{9}")) {
            String status = EZ_STATUSES[t.code.charAt(2) - '0'];
            events.add(new Event(t.createdAt, status, "status_update", "Sandbox test tracker: " + status, null));
        }
        Instant now = sim.clock().instant();
        events.removeIf(e -> e.at().isAfter(now));
        return events;
    }

    private String trackerStatus(EasyPostAccount a, Tracker t) {
        List<Event> events = events(a, t);
        return events.isEmpty() ? "unknown" : events.get(events.size() - 1).status();
    }

    private ObjectNode renderTracker(EasyPostAccount a, Tracker t) {
        List<Event> events = events(a, t);
        Event last = events.isEmpty() ? null : events.get(events.size() - 1);
        Shipment s = t.shipmentId == null ? null : a.shipments.get(t.shipmentId);
        ObjectNode out = Json.object();
        out.put("id", t.id);
        out.put("object", "Tracker");
        out.put("mode", a.mode());
        out.put("tracking_code", t.code);
        out.put("status", last == null ? "unknown" : last.status());
        out.put("status_detail", last == null ? "unknown" : last.detail());
        out.put("created_at", t.createdAt.toString());
        out.put("updated_at", (last == null ? t.createdAt : last.at().isAfter(t.createdAt) ? last.at()
                : t.createdAt).truncatedTo(ChronoUnit.SECONDS).toString());
        out.putNull("signed_by");
        if (s != null && s.bought()) {
            out.put("weight", s.json.path("parcel").path("weight").asDouble());
            out.put("est_delivery_date", s.boughtAt.plus(Duration.ofDays(s.deliveryDays)).toString());
            out.put("shipment_id", s.id);
        } else {
            out.putNull("weight");
            out.putNull("est_delivery_date");
            out.putNull("shipment_id");
        }
        out.put("carrier", t.carrier);
        ArrayNode details = out.putArray("tracking_details");
        for (Event e : events) {
            ObjectNode d = details.addObject();
            d.put("object", "TrackingDetail");
            d.put("message", e.message());
            d.putNull("description");
            d.put("status", e.status());
            d.put("status_detail", e.detail());
            d.put("datetime", e.at().truncatedTo(ChronoUnit.SECONDS).toString());
            d.put("source", t.carrier);
            d.putNull("carrier_code");
            if (e.where() == null) {
                ObjectNode loc = d.putObject("tracking_location");
                loc.put("object", "TrackingLocation");
                loc.putNull("city");
                loc.putNull("state");
                loc.putNull("country");
                loc.putNull("zip");
            } else {
                d.set("tracking_location", e.where());
            }
        }
        out.putNull("carrier_detail");
        out.put("finalized", last != null && List.of("delivered", "return_to_sender", "failure")
                .contains(last.status()));
        out.put("is_return", false);
        out.put("public_url", sim.baseUrl() + "/track/" + t.code);
        out.putArray("fees");
        return out;
    }

    private static ObjectNode location(ObjectNode address) {
        ObjectNode loc = Json.object();
        loc.put("object", "TrackingLocation");
        loc.put("city", upper(address.path("city")));
        loc.put("state", upper(address.path("state")));
        loc.put("country", upper(address.path("country")));
        loc.put("zip", zip5(address.path("zip").asString("")));
        return loc;
    }

    SandboxResponse trackingPage(SandboxRequest r) {
        String code = r.pathParam("code");
        String safe = code.replaceAll("[^A-Za-z0-9]", "");
        return SandboxResponse.text(200, "text/html; charset=utf-8",
                "<!doctype html><title>Sandbox tracking " + safe + "</title><h1>Sandbox tracking</h1><p>"
                        + safe + " is a tracking number of the ESM EasyPost simulator; read its status through "
                        + "GET /v2/trackers.</p>");
    }

    // ---------------------------------------------------------------- batches

    SandboxResponse createBatch(SandboxRequest r) {
        JsonNode in = body(r).path("batch");
        EasyPostAccount a = account(r);
        synchronized (a) {
            Batch b = new Batch(a.newId("batch_"), Json.text(in.path("reference")),
                    sim.clock().instant().truncatedTo(ChronoUnit.SECONDS));
            List<Shipment> added = shipmentsFor(a, in.path("shipments"), r);
            a.batches.put(b.id, b);
            for (Shipment s : added) {
                join(b, s);
            }
            return SandboxResponse.json(200, renderBatch(a, b, false));
        }
    }

    SandboxResponse getBatch(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return SandboxResponse.json(200, renderBatch(a, batch(a, r.pathParam("id")), true));
        }
    }

    SandboxResponse listBatches(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            return list(r, "batches", new ArrayList<>(a.batches.values()), b -> b.id, b -> renderBatch(a, b, true));
        }
    }

    SandboxResponse addShipments(SandboxRequest r) {
        JsonNode body = body(r);
        EasyPostAccount a = account(r);
        synchronized (a) {
            Batch b = batch(a, r.pathParam("id"));
            settle(b);
            requireUnpurchased(b);
            for (Shipment s : shipmentsFor(a, body.path("shipments"), r)) {
                join(b, s);
            }
            b.updatedAt = sim.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return SandboxResponse.json(200, renderBatch(a, b, false));
        }
    }

    SandboxResponse removeShipments(SandboxRequest r) {
        JsonNode body = body(r);
        EasyPostAccount a = account(r);
        synchronized (a) {
            Batch b = batch(a, r.pathParam("id"));
            settle(b);
            requireUnpurchased(b);
            for (JsonNode ref : body.path("shipments")) {
                String id = Json.text(ref.path("id"));
                if (id != null && b.shipmentIds.remove(id)) {
                    b.batchStatus.remove(id);
                    b.batchMessage.remove(id);
                    a.shipments.get(id).batchId = null;
                }
            }
            b.updatedAt = sim.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return SandboxResponse.json(200, renderBatch(a, b, false));
        }
    }

    /** Buys every shipment of the batch at its requested {@code service}; moves to purchased at the next read. */
    SandboxResponse buyBatch(SandboxRequest r) {
        EasyPostAccount a = account(r);
        synchronized (a) {
            Batch b = batch(a, r.pathParam("id"));
            settle(b);
            if (!b.state.equals("created")) {
                throw EasyPostErrors.fail(422, "BATCH.INVALID_STATE",
                        "The batch is " + b.state + "; only a created batch can be bought.");
            }
            int bought = 0;
            for (String id : b.shipmentIds) {
                Shipment s = a.shipments.get(id);
                if (s.bought()) {
                    b.batchStatus.put(id, "postage_purchased");
                    bought++;
                    continue;
                }
                ObjectNode rate = s.service == null ? null : s.rates.values().stream()
                        .filter(x -> x.path("service").asString().equalsIgnoreCase(s.service)).findFirst()
                        .orElse(null);
                if (rate == null) {
                    b.batchStatus.put(id, "postage_purchase_failed");
                    b.batchMessage.put(id, s.service == null ? "No service was specified for this shipment."
                            : "Service " + s.service + " is not available for this shipment.");
                    continue;
                }
                purchase(a, s, rate, null, r);
                b.batchStatus.put(id, "postage_purchased");
                b.batchMessage.remove(id);
                bought++;
            }
            b.state = "purchasing";
            b.next = bought == 0 && !b.shipmentIds.isEmpty() ? "purchase_failed" : "purchased";
            b.updatedAt = sim.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return SandboxResponse.json(200, renderBatch(a, b, false));
        }
    }

    SandboxResponse batchLabel(SandboxRequest r) {
        String format = Json.text(body(r).path("file_format"));
        if (format == null) {
            format = r.query("file_format");
        }
        if (format == null || format.isBlank()) {
            throw EasyPostErrors.required("file_format");
        }
        format = format.toUpperCase(Locale.ROOT);
        if (!List.of("PDF", "ZPL", "EPL2").contains(format)) {
            throw EasyPostErrors.invalid("file_format", "must be PDF, ZPL or EPL2");
        }
        EasyPostAccount a = account(r);
        synchronized (a) {
            Batch b = batch(a, r.pathParam("id"));
            settle(b);
            if (!List.of("purchased", "label_generated").contains(b.state)) {
                throw EasyPostErrors.fail(422, "BATCH.INVALID_STATE",
                        "The batch is " + b.state + "; labels can be generated once it is purchased.");
            }
            b.labelFormat = format;
            b.labelKey = Seeds.hex(Seeds.rng(Seeds.mix(sim.seed(), b.id), b.updatedAt.toEpochMilli()), 32)
                    .toLowerCase() + "-" + format.toLowerCase(Locale.ROOT);
            sim.registerLabel(b.labelKey, a, null, b.id);
            b.state = "label_generating";
            b.next = "label_generated";
            b.updatedAt = sim.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            return SandboxResponse.json(200, renderBatch(a, b, false));
        }
    }

    private List<Shipment> shipmentsFor(EasyPostAccount a, JsonNode refs, SandboxRequest r) {
        List<Shipment> out = new ArrayList<>();
        if (!refs.isArray()) {
            return out;
        }
        for (JsonNode ref : refs) {
            String id = Json.text(ref.path("id"));
            out.add(id != null ? shipment(a, id) : newShipment(a, ref, r));
        }
        return out;
    }

    private static void join(Batch b, Shipment s) {
        if (b.shipmentIds.contains(s.id)) {
            return;
        }
        b.shipmentIds.add(s.id);
        b.batchStatus.put(s.id, s.bought() ? "postage_purchased" : "created");
        s.batchId = b.id;
    }

    private static void requireUnpurchased(Batch b) {
        if (!List.of("creating", "created").contains(b.state)) {
            throw EasyPostErrors.fail(422, "BATCH.INVALID_STATE",
                    "The batch is " + b.state + "; shipments can no longer be added or removed.");
        }
    }

    private Batch batch(EasyPostAccount a, String id) {
        return byIdOrReference(a.batches, id, b -> b.reference, "Batch");
    }

    private static void settle(Batch b) {
        if (b.next != null) {
            b.state = b.next;
            b.next = null;
        }
    }

    private ObjectNode renderBatch(EasyPostAccount a, Batch b, boolean read) {
        if (read) {
            settle(b);
        }
        ObjectNode out = Json.object();
        out.put("id", b.id);
        out.put("object", "Batch");
        out.put("mode", a.mode());
        out.put("state", b.state);
        out.put("num_shipments", b.shipmentIds.size());
        if (b.reference == null) {
            out.putNull("reference");
        } else {
            out.put("reference", b.reference);
        }
        out.put("created_at", b.createdAt.toString());
        out.put("updated_at", b.updatedAt.toString());
        out.putNull("scan_form");
        ArrayNode shipments = out.putArray("shipments");
        ObjectNode status = Json.object();
        for (String k : new String[] {"created", "queued_for_purchase", "creation_failed", "postage_purchased",
            "postage_purchase_failed"}) {
            status.put(k, 0);
        }
        for (String id : b.shipmentIds) {
            Shipment s = a.shipments.get(id);
            ObjectNode e = shipments.addObject();
            e.put("id", id);
            if (s.reference == null) {
                e.putNull("reference");
            } else {
                e.put("reference", s.reference);
            }
            String bs = b.batchStatus.get(id);
            e.put("batch_status", bs);
            String msg = b.batchMessage.get(id);
            if (msg == null) {
                e.putNull("batch_message");
            } else {
                e.put("batch_message", msg);
            }
            if (s.trackingCode == null) {
                e.putNull("tracking_code");
            } else {
                e.put("tracking_code", s.trackingCode);
            }
            status.put(bs, status.path(bs).asInt() + 1);
        }
        out.set("status", status);
        out.putNull("pickup");
        if (b.labelKey != null && b.state.equals("label_generated")) {
            out.put("label_url", sim.baseUrl() + "/files/batch_labels/" + DAY.format(b.updatedAt) + "/" + b.labelKey
                    + "." + b.labelFormat.toLowerCase(Locale.ROOT));
        } else {
            out.putNull("label_url");
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Index endpoints: newest first, {@code page_size} (default 20, max 100), {@code before_id}, {@code after_id}. */
    private <T> SandboxResponse list(SandboxRequest r, String name, List<T> all, Function<T, String> id,
                                     Function<T, ObjectNode> render) {
        int pageSize = 20;
        String size = r.query("page_size");
        if (size != null) {
            try {
                pageSize = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                throw EasyPostErrors.invalid("page_size", "must be a number");
            }
            if (pageSize < 1 || pageSize > 100) {
                throw EasyPostErrors.invalid("page_size", "must be between 1 and 100");
            }
        }
        List<T> newestFirst = new ArrayList<>(all);
        java.util.Collections.reverse(newestFirst);
        String before = r.query("before_id");
        String after = r.query("after_id");
        int from = 0;
        int to = newestFirst.size();
        if (before != null) {
            from = indexOf(newestFirst, id, before) + 1;
        }
        if (after != null) {
            to = Math.max(0, indexOf(newestFirst, id, after));
            from = Math.max(from, to - pageSize);
        }
        ArrayNode items = Json.array();
        int end = Math.min(to, from + pageSize);
        for (int i = from; i < end; i++) {
            items.add(render.apply(newestFirst.get(i)));
        }
        ObjectNode out = Json.object();
        out.set(name, items);
        out.put("has_more", after != null ? from > 0 : end < to);
        return SandboxResponse.json(200, out);
    }

    private static <T> int indexOf(List<T> items, Function<T, String> id, String wanted) {
        for (int i = 0; i < items.size(); i++) {
            if (wanted.equals(id.apply(items.get(i)))) {
                return i;
            }
        }
        throw EasyPostErrors.notFound("Object " + wanted);
    }

    private static JsonNode body(SandboxRequest r) {
        if (r.body().length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = Json.parse(r.body());
            if (node == null || !node.isObject()) {
                throw EasyPostErrors.badJson("expected a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw EasyPostErrors.badJson(e.getOriginalMessage());
        }
    }

    private static EasyPostAccount account(SandboxRequest r) {
        return (EasyPostAccount) r.principal();
    }

    private static boolean flag(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isString()) {
            return !node.asString().isBlank() && !node.asString().equalsIgnoreCase("false");
        }
        return node.isArray() && !node.isEmpty();
    }

    private static double number(JsonNode node, String field) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.asString().trim());
            } catch (NumberFormatException e) {
                throw EasyPostErrors.invalid(field, "must be a number");
            }
        }
        throw EasyPostErrors.required(field);
    }

    private static ObjectNode wrap(String name, ObjectNode value) {
        ObjectNode out = Json.object();
        out.set(name, value);
        return out;
    }

    private String now() {
        return sim.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String zip5(String zip) {
        String z = zip == null ? "" : zip.trim();
        return z.length() >= 5 ? z.substring(0, 5) : z;
    }

    private static String upper(JsonNode node) {
        String v = Json.text(node);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    /** Address lines as a label prints them, upper case, city line last. */
    private static List<String> lines(ObjectNode address, boolean fullZip) {
        List<String> out = new ArrayList<>();
        for (String f : new String[] {"name", "company", "street1", "street2"}) {
            String v = upper(address.path(f));
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        String city = upper(address.path("city"));
        String state = upper(address.path("state"));
        String zip = Json.text(address.path("zip"));
        out.add(((city == null ? "" : city) + " " + (state == null ? "" : state) + " "
                + (zip == null ? "" : fullZip ? zip : zip5(zip))).trim());
        return out;
    }
}
