package dev.esm.shipping.web;

import java.math.BigDecimal;
import java.util.UUID;

import dev.esm.shipping.BuyLabel;
import dev.esm.shipping.PackingSlips;
import dev.esm.shipping.RateOrder;
import dev.esm.shipping.ShipmentQueries;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.shipping.ShippingException;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.ShippingViews.Document;
import dev.esm.shipping.ShippingViews.OrderShipping;
import dev.esm.shipping.ShippingViews.PackagePreset;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.ShippingViews.ShipFrom;
import dev.esm.shipping.ShippingViews.Shared;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.ShippingViews;
import dev.esm.shipping.TrackingPushOutbox;
import dev.esm.shipping.VoidLabel;
import dev.esm.shipping.spi.LabelFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1}: a store's shipping settings ({@code /stores/{id}/shipping...}) and an order's label
 * ({@code /orders/{id}/shipment...}, {@code /orders/{id}/packing-slip}, {@code /shipments/{id}...}).
 */
@RestController
@RequestMapping("/api/v1")
class ShippingApiController {

    private final ShippingSettings settings;
    private final RateOrder rateOrder;
    private final BuyLabel buyLabel;
    private final VoidLabel voidLabel;
    private final ShipmentQueries shipments;
    private final PackingSlips slips;

    private final TrackingPushOutbox pushes;

    ShippingApiController(ShippingSettings settings, RateOrder rateOrder, BuyLabel buyLabel, VoidLabel voidLabel,
                          ShipmentQueries shipments, PackingSlips slips, TrackingPushOutbox pushes) {
        this.pushes = pushes;
        this.settings = settings;
        this.rateOrder = rateOrder;
        this.buyLabel = buyLabel;
        this.voidLabel = voidLabel;
        this.shipments = shipments;
        this.slips = slips;
    }

    record ApiKeyBody(@Size(max = 200) String apiKey) {
        @Override
        public String toString() {
            return "ApiKeyBody[redacted]";
        }
    }

    record DefaultsBody(@Size(max = 40) String defaultService, @Size(max = 10) String labelFormat) {
    }

    /** A store's defaults among its owner's shared addresses and presets; each null for none (replaced as given). */
    record StoreDefaultsBody(@Size(max = 36) String shipFromId, @Size(max = 36) String packageId) {
    }

    /** As the ship-from columns take them; {@code country} an ISO 3166-1 alpha-2 code (checked by the command). */
    record ShipFromBody(@Size(max = 60) String label, @Size(max = 100) String name, @Size(max = 100) String company,
                        @Size(max = 100) String street1, @Size(max = 100) String street2, @Size(max = 60) String city,
                        @Size(max = 30) String state, @Size(max = 10) String zip, @Size(max = 2) String country,
                        @Size(max = 30) String phone, Boolean makeDefault) {
    }

    /** Weight numeric(8,2) up to 1120 oz, dimensions numeric(6,2); each at least 0.01 once rounded (the command). */
    record PackageBody(@Size(max = 60) String name,
                       @DecimalMin(value = "0", inclusive = false) @DecimalMax("1120") BigDecimal weightOz,
                       @DecimalMin(value = "0", inclusive = false) @DecimalMax("9999.99") BigDecimal lengthIn,
                       @DecimalMin(value = "0", inclusive = false) @DecimalMax("9999.99") BigDecimal widthIn,
                       @DecimalMin(value = "0", inclusive = false) @DecimalMax("9999.99") BigDecimal heightIn) {
    }

    /** {@code reship}: ship a shipped or delivered order again (a replacement), with a {@code reshipReason}. */
    record RatesBody(@Size(max = 36) String shipFromId, @Size(max = 36) String packageId, Boolean reship,
                     @Size(max = 200) String reshipReason) {
    }

    record BuyBody(@Size(max = 100) String rateId) {
    }

    // ---- settings

    @GetMapping("/stores/{id}/shipping")
    Settings settings(@PathVariable String id) {
        return settings.get(ShippingIds.id(id, "store"));
    }

    @PutMapping("/stores/{id}/shipping/api-key")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void apiKey(@PathVariable String id, @Valid @RequestBody ApiKeyBody body, HttpServletRequest request) {
        settings.setApiKey(ShippingIds.id(id, "store"), body.apiKey(), request.getRemoteAddr());
    }

    @PutMapping("/stores/{id}/shipping/defaults")
    Settings defaults(@PathVariable String id, @Valid @RequestBody DefaultsBody body, HttpServletRequest request) {
        UUID storeId = ShippingIds.id(id, "store");
        settings.setDefaults(storeId, new DefaultsCommand(body.defaultService(), format(body.labelFormat())),
                request.getRemoteAddr());
        return settings.get(storeId);
    }

    @PutMapping("/stores/{id}/shipping/store-defaults")
    Settings storeDefaults(@PathVariable String id, @Valid @RequestBody StoreDefaultsBody body,
                           HttpServletRequest request) {
        return settings.setStoreDefaults(ShippingIds.id(id, "store"),
                ShippingIds.field(body.shipFromId(), "shipFromId"), ShippingIds.field(body.packageId(), "packageId"),
                request.getRemoteAddr());
    }

    // ---- the operator's shared addresses and presets (ADR 37); the store paths below change the same lists

    @GetMapping("/shipping")
    Shared shared() {
        return settings.shared();
    }

    @PostMapping("/shipping/addresses")
    @ResponseStatus(HttpStatus.CREATED)
    ShipFrom addSharedAddress(@Valid @RequestBody ShipFromBody b, HttpServletRequest request) {
        return settings.addShipFrom(new ShipFromCommand(b.label(), b.name(), b.company(), b.street1(), b.street2(),
                b.city(), b.state(), b.zip(), b.country(), b.phone(), Boolean.TRUE.equals(b.makeDefault())),
                request.getRemoteAddr());
    }

    @DeleteMapping("/shipping/addresses/{addressId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeSharedAddress(@PathVariable String addressId, HttpServletRequest request) {
        settings.removeShipFrom(ShippingIds.id(addressId, "ship-from-address"), request.getRemoteAddr());
    }

    @PostMapping("/shipping/packages")
    @ResponseStatus(HttpStatus.CREATED)
    PackagePreset addSharedPackage(@Valid @RequestBody PackageBody b, HttpServletRequest request) {
        return settings.addPackage(new PackageCommand(b.name(), b.weightOz(), b.lengthIn(), b.widthIn(),
                b.heightIn()), request.getRemoteAddr());
    }

    @DeleteMapping("/shipping/packages/{packageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeSharedPackage(@PathVariable String packageId, HttpServletRequest request) {
        settings.removePackage(ShippingIds.id(packageId, "package"), request.getRemoteAddr());
    }

    // ---- the same shared lists by way of one store (kept from before ADR 37): they change the store owner's lists

    @PostMapping("/stores/{id}/shipping/addresses")
    @ResponseStatus(HttpStatus.CREATED)
    ShipFrom addAddress(@PathVariable String id, @Valid @RequestBody ShipFromBody b, HttpServletRequest request) {
        return settings.addShipFrom(ShippingIds.id(id, "store"), new ShipFromCommand(b.label(), b.name(), b.company(),
                b.street1(), b.street2(), b.city(), b.state(), b.zip(), b.country(), b.phone(),
                Boolean.TRUE.equals(b.makeDefault())), request.getRemoteAddr());
    }

    @DeleteMapping("/stores/{id}/shipping/addresses/{addressId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeAddress(@PathVariable String id, @PathVariable String addressId, HttpServletRequest request) {
        settings.removeShipFrom(ShippingIds.id(id, "store"), ShippingIds.id(addressId, "ship-from-address"),
                request.getRemoteAddr());
    }

    @PostMapping("/stores/{id}/shipping/packages")
    @ResponseStatus(HttpStatus.CREATED)
    PackagePreset addPackage(@PathVariable String id, @Valid @RequestBody PackageBody b, HttpServletRequest request) {
        return settings.addPackage(ShippingIds.id(id, "store"), new PackageCommand(b.name(), b.weightOz(),
                b.lengthIn(), b.widthIn(), b.heightIn()), request.getRemoteAddr());
    }

    @DeleteMapping("/stores/{id}/shipping/packages/{packageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removePackage(@PathVariable String id, @PathVariable String packageId, HttpServletRequest request) {
        settings.removePackage(ShippingIds.id(id, "store"), ShippingIds.id(packageId, "package"),
                request.getRemoteAddr());
    }

    // ---- one order

    @GetMapping("/orders/{id}/shipment")
    OrderShipping shipment(@PathVariable String id) {
        return shipments.forOrder(ShippingIds.id(id, "order"));
    }

    @PostMapping("/orders/{id}/shipment/rates")
    Shipment rates(@PathVariable String id, @Valid @RequestBody RatesBody body, HttpServletRequest request) {
        return rateOrder.rate(ShippingIds.id(id, "order"), new RatesCommand(ShippingIds.field(body.shipFromId(),
                "shipFromId"), ShippingIds.field(body.packageId(), "packageId"), Boolean.TRUE.equals(body.reship()),
                body.reshipReason()), request.getRemoteAddr());
    }

    /** 200 with the bought label's shipment; 202 while the purchase is being confirmed (ask again). */
    @PostMapping("/orders/{id}/shipment/buy")
    ResponseEntity<Shipment> buy(@PathVariable String id, @Valid @RequestBody BuyBody body) {
        Shipment shipment = buyLabel.buy(ShippingIds.id(id, "order"), new BuyCommand(body.rateId()));
        return ResponseEntity.status(shipment.state() == State.BUYING ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(shipment);
    }

    @PostMapping("/orders/{id}/shipment/void")
    Shipment voidLabel(@PathVariable String id, HttpServletRequest request) {
        return voidLabel.voidLabel(ShippingIds.id(id, "order"), request.getRemoteAddr());
    }

    /** "Retry push": the order's rejected or failed tracking push is due again now; 409 when there is none. */
    @PostMapping("/orders/{id}/shipment/push/retry")
    ShippingViews.PushStatus retryPush(@PathVariable String id) {
        return pushes.retry(ShippingIds.id(id, "order"));
    }

    @GetMapping("/orders/{id}/shipment/label")
    ResponseEntity<byte[]> label(@PathVariable String id) {
        return file(shipments.labelOfOrder(ShippingIds.id(id, "order")));
    }

    @GetMapping("/orders/{id}/packing-slip")
    ResponseEntity<byte[]> packingSlip(@PathVariable String id, @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String size,
                                       jakarta.servlet.http.HttpServletRequest request) {
        return file(slips.slip(ShippingIds.id(id, "order"), PackingSlips.Size.of(size), request.getRemoteAddr()));
    }

    @GetMapping("/shipments/{id}")
    Shipment shipmentById(@PathVariable String id) {
        return shipments.get(ShippingIds.id(id, "shipment"));
    }

    @GetMapping("/shipments/{id}/label")
    ResponseEntity<byte[]> labelById(@PathVariable String id) {
        return file(shipments.label(ShippingIds.id(id, "shipment")));
    }

    static ResponseEntity<byte[]> file(Document document) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(document.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(document.fileName()).build().toString())
                .body(document.content());
    }

    static LabelFormat format(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LabelFormat.valueOf(raw.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ShippingException(ShippingException.Kind.INVALID, "invalid-label-format",
                    "labelFormat must be PDF, PNG or ZPL.");
        }
    }
}
