package dev.esm.shipping.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.esm.shipping.ShippingCommands;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.PackageCommand;
import dev.esm.shipping.ShippingCommands.ShipFromCommand;
import dev.esm.shipping.ShippingSettings;
import dev.esm.shipping.spi.LabelFormat;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A store's shipping settings page: API key, defaults, ship-from addresses and package presets. */
@Controller
class ShippingSettingsPageController {

    private final ShippingSettings settings;

    ShippingSettingsPageController(ShippingSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/stores/{id}/shipping")
    String page(@PathVariable String id, Model model) {
        model.addAttribute("settings", settings.get(ShippingIds.id(id, "store")));
        model.addAttribute("services", ShippingCommands.SERVICES);
        model.addAttribute("serviceNames", ShippingCommands.SERVICES.stream().collect(java.util.stream.Collectors.toMap(
                svc -> svc, dev.esm.shipping.ShippingServices::name)));
        model.addAttribute("formats", LabelFormat.values());
        return "shipping/settings";
    }

    @PostMapping("/stores/{id}/shipping/api-key")
    String apiKey(@PathVariable String id, @RequestParam(defaultValue = "") String apiKey,
                  HttpServletRequest request, RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        return ShippingPages.change(back(storeId), flash, () -> {
            settings.setApiKey(storeId, apiKey, request.getRemoteAddr());
            return "API key saved.";
        });
    }

    @PostMapping("/stores/{id}/shipping/defaults")
    String defaults(@PathVariable String id, @RequestParam(defaultValue = "") String defaultService,
                    @RequestParam(defaultValue = "") String labelFormat, HttpServletRequest request,
                    RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        return ShippingPages.change(back(storeId), flash, () -> {
            settings.setDefaults(storeId, new DefaultsCommand(defaultService,
                    ShippingApiController.format(labelFormat)), request.getRemoteAddr());
            return "Defaults saved.";
        });
    }

    @PostMapping("/stores/{id}/shipping/store-defaults")
    String storeDefaults(@PathVariable String id, @RequestParam(defaultValue = "") String shipFromId,
                         @RequestParam(defaultValue = "") String packageId, HttpServletRequest request,
                         RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        return ShippingPages.change(back(storeId), flash, () -> {
            settings.setStoreDefaults(storeId, ShippingIds.field(shipFromId, "shipFromId"),
                    ShippingIds.field(packageId, "packageId"), request.getRemoteAddr());
            return "This store's defaults saved.";
        });
    }

    @PostMapping("/stores/{id}/shipping/addresses")
    String addAddress(@PathVariable String id, @RequestParam(defaultValue = "") String label,
                      @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String company,
                      @RequestParam(defaultValue = "") String street1, @RequestParam(defaultValue = "") String street2,
                      @RequestParam(defaultValue = "") String city, @RequestParam(defaultValue = "") String state,
                      @RequestParam(defaultValue = "") String zip, @RequestParam(defaultValue = "US") String country,
                      @RequestParam(defaultValue = "") String phone,
                      @RequestParam(defaultValue = "false") boolean makeDefault, HttpServletRequest request,
                      RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("label", label);
        typed.put("name", name);
        typed.put("company", company);
        typed.put("street1", street1);
        typed.put("street2", street2);
        typed.put("city", city);
        typed.put("state", state);
        typed.put("zip", zip);
        typed.put("country", country);
        typed.put("phone", phone);
        typed.put("makeDefault", String.valueOf(makeDefault));
        return ShippingPages.changeForm(back(storeId), flash, "address", ShippingPages.shortened(typed),
                Map.of("invalid-address", "name", "address-not-deliverable", "street1"), () -> {
                    settings.addShipFrom(storeId, new ShipFromCommand(label, name, company, street1, street2, city,
                            state, zip, country, phone, makeDefault), request.getRemoteAddr());
                    return "Address verified and added.";
                });
    }

    @PostMapping("/stores/{id}/shipping/addresses/{addressId}/delete")
    String removeAddress(@PathVariable String id, @PathVariable String addressId, HttpServletRequest request,
                         RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        UUID address = ShippingIds.id(addressId, "ship-from-address");
        return ShippingPages.change(back(storeId), flash, () -> {
            settings.removeShipFrom(storeId, address, request.getRemoteAddr());
            return "Address removed.";
        });
    }

    @PostMapping("/stores/{id}/shipping/packages")
    String addPackage(@PathVariable String id, @RequestParam(defaultValue = "") String name,
                      @RequestParam(defaultValue = "") String weightOz, @RequestParam(defaultValue = "") String lengthIn,
                      @RequestParam(defaultValue = "") String widthIn, @RequestParam(defaultValue = "") String heightIn,
                      HttpServletRequest request, RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("name", name);
        typed.put("weightOz", weightOz);
        typed.put("lengthIn", lengthIn);
        typed.put("widthIn", widthIn);
        typed.put("heightIn", heightIn);
        return ShippingPages.changeForm(back(storeId), flash, "package", ShippingPages.shortened(typed),
                Map.of("invalid-weight", "weightOz", "invalid-dimensions", "lengthIn", "package-name-taken", "name"),
                () -> {
                    settings.addPackage(storeId, new PackageCommand(name,
                            ShippingIds.number(weightOz, "weightOz", "The weight"),
                            ShippingIds.number(lengthIn, "lengthIn", "The length"),
                            ShippingIds.number(widthIn, "widthIn", "The width"),
                            ShippingIds.number(heightIn, "heightIn", "The height")), request.getRemoteAddr());
                    return "Package added.";
                });
    }

    @PostMapping("/stores/{id}/shipping/packages/{packageId}/delete")
    String removePackage(@PathVariable String id, @PathVariable String packageId, HttpServletRequest request,
                         RedirectAttributes flash) {
        UUID storeId = ShippingIds.id(id, "store");
        UUID preset = ShippingIds.id(packageId, "package");
        return ShippingPages.change(back(storeId), flash, () -> {
            settings.removePackage(storeId, preset, request.getRemoteAddr());
            return "Package removed.";
        });
    }

    private static String back(UUID storeId) {
        return "/stores/" + storeId + "/shipping";
    }
}
