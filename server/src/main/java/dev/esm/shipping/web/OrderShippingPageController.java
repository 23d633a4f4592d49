package dev.esm.shipping.web;

import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.BuyLabel;
import dev.esm.shipping.PackingSlips;
import dev.esm.shipping.RateOrder;
import dev.esm.shipping.ShipmentQueries;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.ParcelEntry;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.LabelPanels;
import dev.esm.shipping.ShippingException;
import dev.esm.shipping.ShippingGuardrails;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.ShippingViews.OrderShipping;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.TrackingPushOutbox;
import dev.esm.shipping.VoidLabel;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One order's label page ({@code /orders/{id}/shipping}, linked from the order page): rates from a ship-from address
 * and a package, pick one and buy, download the label and the packing slip, void.
 */
@Controller
class OrderShippingPageController {

    private final OrderQueries orders;
    private final ShippingSettings settings;
    private final ShipmentQueries shipments;
    private final RateOrder rateOrder;
    private final BuyLabel buyLabel;
    private final VoidLabel voidLabel;
    private final PackingSlips slips;
    private final TrackingPushOutbox pushes;
    private final LabelPanels panels;

    OrderShippingPageController(OrderQueries orders, ShippingSettings settings, ShipmentQueries shipments,
                                RateOrder rateOrder, BuyLabel buyLabel, VoidLabel voidLabel, PackingSlips slips,
                                TrackingPushOutbox pushes, LabelPanels panels) {
        this.pushes = pushes;
        this.panels = panels;
        this.orders = orders;
        this.settings = settings;
        this.shipments = shipments;
        this.rateOrder = rateOrder;
        this.buyLabel = buyLabel;
        this.voidLabel = voidLabel;
        this.slips = slips;
    }

    @GetMapping("/orders/{id}/shipping")
    String page(@PathVariable String id, Model model) {
        UUID orderId = ShippingIds.id(id, "order");
        OrderShipping shipping = shipments.forOrder(orderId);
        OrderSummary order;
        try {
            order = orders.summary(orderId);
        } catch (OrderException e) {
            throw new ShippingException(ShippingException.Kind.NOT_FOUND, "order-not-found", "No such order.");
        }
        model.addAttribute("order", order);
        model.addAttribute("shipping", shipping);
        var refusal = ShippingGuardrails.refusal(order, false).orElse(null);
        model.addAttribute("refusal", refusal);
        model.addAttribute("reshippable", refusal != null && ShippingGuardrails.refusal(order, true).isEmpty());
        var storeSettings = settings.get(shipping.storeId());
        model.addAttribute("settings", storeSettings);
        model.addAttribute("panel", panels.panel(orderId, storeSettings, shipping.current()));
        return "shipping/order";
    }

    @PostMapping("/orders/{id}/shipping/rates")
    String rates(@PathVariable String id, @RequestParam(defaultValue = "") String shipFromId,
                 @RequestParam(defaultValue = "") String packageId,
                 @RequestParam(defaultValue = "") String weightLb, @RequestParam(defaultValue = "") String weightOz,
                 @RequestParam(defaultValue = "") String lengthIn, @RequestParam(defaultValue = "") String widthIn,
                 @RequestParam(defaultValue = "") String heightIn,
                 @RequestParam(defaultValue = "false") boolean reship,
                 @RequestParam(defaultValue = "") String reshipReason, HttpServletRequest request,
                 RedirectAttributes flash) {
        UUID orderId = ShippingIds.id(id, "order");
        return ShippingPages.change(back(orderId), flash, () -> {
            var parcel = ParcelEntry.of(ShippingIds.number(weightLb, "the weight in pounds"),
                    ShippingIds.number(weightOz, "the weight in ounces"), ShippingIds.number(lengthIn, "the length"),
                    ShippingIds.number(widthIn, "the width"), ShippingIds.number(heightIn, "the height"));
            rateOrder.rate(orderId, new RatesCommand(ShippingIds.field(shipFromId, "shipFromId"),
                    ShippingIds.field(packageId, "packageId"), parcel, reship, reshipReason), request.getRemoteAddr());
            return "Rates ready: choose a service and buy the label.";
        });
    }

    @PostMapping("/orders/{id}/shipping/buy")
    String buy(@PathVariable String id, @RequestParam(defaultValue = "") String rateId, RedirectAttributes flash) {
        UUID orderId = ShippingIds.id(id, "order");
        return ShippingPages.change(back(orderId), flash, () -> {
            Shipment s = buyLabel.buy(orderId, new BuyCommand(rateId));
            if (s.state() == State.PURCHASED) {
                flash.addFlashAttribute("printLabel", true);
            }
            return s.state() == State.PURCHASED ? "Label bought: tracking " + s.trackingCode() + "."
                    : s.state() == State.BUYING ? "The purchase is being confirmed with the provider; reload shortly."
                    : null;
        });
    }

    @PostMapping("/orders/{id}/shipping/void")
    String voidIt(@PathVariable String id, HttpServletRequest request, RedirectAttributes flash) {
        UUID orderId = ShippingIds.id(id, "order");
        return ShippingPages.change(back(orderId), flash, () -> {
            Shipment s = voidLabel.voidLabel(orderId, request.getRemoteAddr());
            return "Label voided (refund " + s.refundStatus().toLowerCase(java.util.Locale.ROOT) + ").";
        });
    }

    @PostMapping("/orders/{id}/shipping/push/retry")
    String retryPush(@PathVariable String id, RedirectAttributes flash) {
        UUID orderId = ShippingIds.id(id, "order");
        return ShippingPages.change(back(orderId), flash, () -> {
            pushes.retry(orderId);
            return "The tracking push will be tried again now.";
        });
    }

    @GetMapping("/orders/{id}/shipping/label")
    ResponseEntity<byte[]> label(@PathVariable String id) {
        return ShippingApiController.file(shipments.labelOfOrder(ShippingIds.id(id, "order")));
    }

    @GetMapping("/orders/{id}/packing-slip")
    ResponseEntity<byte[]> slip(@PathVariable String id, @RequestParam(defaultValue = "") String size,
                                HttpServletRequest request) {
        return ShippingApiController.file(slips.slip(ShippingIds.id(id, "order"), PackingSlips.Size.of(size),
                request.getRemoteAddr()));
    }

    private static String back(UUID orderId) {
        return "/orders/" + orderId + "/shipping";
    }
}
