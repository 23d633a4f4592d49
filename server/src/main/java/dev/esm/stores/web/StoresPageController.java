package dev.esm.stores.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.marketplace.MarketplaceDescriptor;
import dev.esm.marketplace.Marketplaces;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.StoreException;
import dev.esm.stores.SellerAccountClosures;
import dev.esm.stores.StoreHealth;
import dev.esm.stores.StoreStatus;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;

/**
 * The stores pages: list and add (with the invitations to accept or decline), and one store with rename, credentials,
 * team access (invitations and grants) and removal.
 */
@Controller
class StoresPageController {

    private final Stores stores;
    private final StoreInvitations invitations;

    private final Marketplaces marketplaces;
    private final StoreHealth health;
    private final SellerAccountClosures closures;

    StoresPageController(Stores stores, StoreInvitations invitations, Marketplaces marketplaces, StoreHealth health,
                         SellerAccountClosures closures) {
        this.closures = closures;
        this.health = health;
        this.marketplaces = marketplaces;
        this.stores = stores;
        this.invitations = invitations;
    }

    @GetMapping("/stores")
    String list(Model model) {
        model.addAttribute("marketplaces", marketplaces.descriptors());
        model.addAttribute("consentMarketplaces", String.join(" and ", marketplaces.descriptors().stream()
                .filter(d -> !d.typedCredentials()).map(MarketplaceDescriptor::displayName).toList()));
        List<StoreStatus> statuses = health.all();
        model.addAttribute("statuses", statuses);
        model.addAttribute("attention", statuses.stream().filter(StoreStatus::needsAttention).toList());
        model.addAttribute("invitations", invitations.pending());
        return "stores/list";
    }

    @PostMapping("/stores")
    String add(@RequestParam(defaultValue = "") String marketplace, @RequestParam(defaultValue = "") String name,
               @RequestParam Map<String, String> form, HttpServletRequest request, RedirectAttributes flash) {
        try {
            Marketplace kind = StoresApiController.marketplace(marketplace);
            MarketplaceDescriptor descriptor = descriptor(kind);
            StoreCredentials credentials = descriptor.typedCredentials()
                    ? StoresApiController.credentials(() -> descriptor.credentials(form)) : null;
            Store store = stores.add(kind, name, credentials, request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Store added.");
            return "redirect:/stores/" + store.id();
        } catch (StoreException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/stores";
        }
    }

    @GetMapping("/stores/{id}")
    String detail(@PathVariable String id, Model model) {
        StoreStatus status = health.of(StoreIds.store(id));
        Store store = status.store();
        model.addAttribute("store", store);
        model.addAttribute("status", status);
        model.addAttribute("descriptor", descriptor(store.marketplace()));
        model.addAttribute("disconnection", closures.disconnection(store.id()).orElse(null));
        model.addAttribute("grants", store.ownedByMe() ? stores.grants(store.id()) : java.util.List.of());
        model.addAttribute("invitations", store.ownedByMe() ? invitations.invitations(store.id()) : java.util.List.of());
        return "stores/detail";
    }

    @PostMapping("/stores/{id}/rename")
    String rename(@PathVariable String id, @RequestParam(defaultValue = "") String name, HttpServletRequest request,
                  RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        return change(storeId, flash, "Store renamed.", () -> stores.rename(storeId, name, request.getRemoteAddr()));
    }

    @PostMapping("/stores/{id}/credentials")
    String credentials(@PathVariable String id, @RequestParam Map<String, String> form, HttpServletRequest request,
                       RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        return change(storeId, flash, "Credentials replaced.", () -> stores.replaceCredentials(storeId,
                StoresApiController.credentials(() -> descriptor(stores.get(storeId).marketplace()).credentials(form)),
                request.getRemoteAddr()));
    }

    /** Invites an email; the notice is the same whether the email has an account or not. */
    @PostMapping("/stores/{id}/invitations")
    String invite(@PathVariable String id, @RequestParam(defaultValue = "") String email, HttpServletRequest request,
                  RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        return change(storeId, flash, "Invitation sent. They get access once they accept it when signed in.",
                () -> invitations.invite(storeId, email, request.getRemoteAddr()));
    }

    @PostMapping("/stores/{id}/invitations/{invitationId}/cancel")
    String cancel(@PathVariable String id, @PathVariable String invitationId, HttpServletRequest request,
                  RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        UUID invitation = StoreIds.invitation(invitationId);
        return change(storeId, flash, "Invitation withdrawn.", () -> {
            invitations.cancel(storeId, invitation, request.getRemoteAddr());
            return null;
        });
    }

    @PostMapping("/invitations/{id}/accept")
    String accept(@PathVariable String id, HttpServletRequest request, RedirectAttributes flash) {
        Store store = invitations.accept(StoreIds.invitation(id), request.getRemoteAddr());
        flash.addFlashAttribute("notice", "You now have access to " + store.name() + ".");
        return "redirect:/stores/" + store.id();
    }

    @PostMapping("/invitations/{id}/decline")
    String decline(@PathVariable String id, HttpServletRequest request, RedirectAttributes flash) {
        invitations.decline(StoreIds.invitation(id), request.getRemoteAddr());
        flash.addFlashAttribute("notice", "Invitation declined.");
        return "redirect:/stores";
    }

    @PostMapping("/stores/{id}/grants/{operatorId}/revoke")
    String revoke(@PathVariable String id, @PathVariable String operatorId, HttpServletRequest request,
                  RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        UUID grantee = StoreIds.grantee(operatorId);
        return change(storeId, flash, "Access revoked.", () -> {
            stores.revoke(storeId, grantee, request.getRemoteAddr());
            return null;
        });
    }

    @PostMapping("/stores/{id}/delete")
    String remove(@PathVariable String id, HttpServletRequest request, RedirectAttributes flash) {
        UUID storeId = StoreIds.store(id);
        stores.remove(storeId, request.getRemoteAddr());
        flash.addFlashAttribute("notice", "Store removed.");
        return "redirect:/stores";
    }

    private String change(UUID storeId, RedirectAttributes flash, String notice, Supplier<Object> change) {
        try {
            change.get();
            flash.addFlashAttribute("notice", notice);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND || e.kind() == StoreException.Kind.FORBIDDEN) {
                throw e;
            }
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/stores/" + storeId;
    }


    private MarketplaceDescriptor descriptor(Marketplace marketplace) {
        return marketplaces.descriptor(marketplace).orElseThrow(() -> new StoreException(StoreException.Kind.INVALID,
                "invalid-marketplace", "No connector for " + marketplace.displayName() + " yet."));
    }
}
