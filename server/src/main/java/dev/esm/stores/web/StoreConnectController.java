package dev.esm.stores.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import dev.esm.stores.StoreException;
import dev.esm.stores.Stores;
import dev.esm.marketplace.StoreAuthorization;

/**
 * Connecting a store through its marketplace's consent page: the owner starts it from the store page, the marketplace
 * sends the browser back to {@code /connect/{marketplace}/callback}, and the store's credentials are sealed. The
 * {@code state} is random and bound to the session, so a callback cannot be replayed or planted from elsewhere.
 */
@Controller
class StoreConnectController {

    private static final String STATE = "esm.connect.";
    private static final SecureRandom random = new SecureRandom();

    private final Stores stores;
    private final List<StoreAuthorization> authorizations;

    StoreConnectController(Stores stores, List<StoreAuthorization> authorizations) {
        this.stores = stores;
        this.authorizations = authorizations;
    }

    /**
     * A GET, because it ends in a redirect to the marketplace, which a form post may not follow under our CSP
     * ({@code form-action 'self'}); it changes nothing but the session's pending connection.
     */
    @GetMapping("/stores/{id}/connect")
    String connect(@PathVariable String id, HttpSession session, RedirectAttributes flash) {
        Store store = stores.get(StoreIds.store(id));
        if (!store.ownedByMe()) {
            throw new StoreException(StoreException.Kind.FORBIDDEN, "not-store-owner", "Only the store's owner can do this.");
        }
        Optional<StoreAuthorization> authorization = authorization(store.marketplace());
        if (authorization.isEmpty()) {
            flash.addFlashAttribute("error", "Connecting " + store.marketplace().displayName()
                    + " stores through their consent page is not available yet.");
            return "redirect:/stores/" + store.id();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(STATE + state, store.id().toString());
        return "redirect:" + authorization.get().consentUrl(state);
    }

    @GetMapping("/connect/{marketplace}/callback")
    String callback(@PathVariable String marketplace, @RequestParam Map<String, String> parameters,
                    HttpSession session, HttpServletRequest request, RedirectAttributes flash) {
        String state = parameters.getOrDefault("state", "");
        Object storeId = state.isEmpty() ? null : session.getAttribute(STATE + state);
        session.removeAttribute(STATE + state);
        if (storeId == null) {
            flash.addFlashAttribute("error", "This connection request is unknown or expired. Start again from the store page.");
            return "redirect:/stores";
        }
        UUID id = UUID.fromString(storeId.toString());
        Store store = stores.get(id);
        Optional<StoreAuthorization> authorization = authorization(store.marketplace())
                .filter(a -> a.marketplace().name().equalsIgnoreCase(marketplace));
        if (authorization.isEmpty()) {
            flash.addFlashAttribute("error", "This connection request does not match the store.");
            return "redirect:/stores/" + id;
        }
        try {
            stores.replaceCredentials(id, authorization.get().complete(new HashMap<>(parameters)), request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Connected to " + store.marketplace().displayName()
                    + ". The first order sync starts now.");
        } catch (StoreAuthorization.AuthorizationFailed e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND || e.kind() == StoreException.Kind.FORBIDDEN) {
                throw e;
            }
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/stores/" + id;
    }

    private Optional<StoreAuthorization> authorization(Marketplace marketplace) {
        return authorizations.stream().filter(a -> a.marketplace() == marketplace).findFirst();
    }
}
