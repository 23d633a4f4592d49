package dev.esm.stores.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.shared.Marketplace;
import dev.esm.stores.Store;
import java.util.HashMap;
import java.util.Map;

import dev.esm.marketplace.Marketplaces;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.StoreException;
import dev.esm.stores.StoreGrant;
import dev.esm.stores.StoreInvitation;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;

/**
 * {@code /api/v1/stores}: the signed-in operator's stores, their grants and the invitations their owner sent.
 * Credentials go in, never out.
 */
@RestController
@RequestMapping("/api/v1/stores")
class StoresApiController {

    private final Stores stores;
    private final StoreInvitations invitations;

    private final Marketplaces marketplaces;

    StoresApiController(Stores stores, StoreInvitations invitations, Marketplaces marketplaces) {
        this.marketplaces = marketplaces;
        this.stores = stores;
        this.invitations = invitations;
    }

    record StoreJson(UUID id, Marketplace marketplace, String name, boolean credentialsSet, boolean owner,
                     String ownerName, String createdAt) {
        static StoreJson of(Store store) {
            return new StoreJson(store.id(), store.marketplace(), store.name(), store.credentialsSet(),
                    store.ownedByMe(), store.ownerName(), store.createdAt().toString());
        }
    }

    /** Limits as in {@link StoreCredentials}' own checks; the records refuse more before any work is done. */
    record CredentialsJson(@Size(max = 200) String clientId, @Size(max = 1000) String clientSecret,
                           @Size(max = 100) String sellingPartnerId, @Size(max = 4000) String refreshToken) {
        /** The credentials of the marketplace's form fields (its registry descriptor says which). */
        StoreCredentials toCredentials(Marketplaces marketplaces, Marketplace marketplace) {
            Map<String, String> fields = new HashMap<>();
            fields.put("clientId", clientId);
            fields.put("clientSecret", clientSecret);
            fields.put("sellingPartnerId", sellingPartnerId);
            fields.put("refreshToken", refreshToken);
            return credentials(() -> marketplaces.descriptor(marketplace)
                    .orElseThrow(() -> new StoreException(StoreException.Kind.INVALID, "invalid-marketplace",
                            "No connector for " + marketplace.displayName() + " yet."))
                    .credentials(fields));
        }
    }

    record AddStore(@Size(max = 20) String marketplace, @Size(max = 100) String name,
                    @Valid CredentialsJson credentials) {
    }

    record ChangeStore(@Size(max = 100) String name, @Valid CredentialsJson credentials) {
    }

    record GrantJson(UUID operatorId, String email, String name, String grantedAt) {
        static GrantJson of(StoreGrant grant) {
            return new GrantJson(grant.operatorId(), grant.email(), grant.name(), grant.grantedAt().toString());
        }
    }

    record InvitationJson(UUID id, String email, String invitedAt, String status) {
        static InvitationJson of(StoreInvitation invitation) {
            return new InvitationJson(invitation.id(), invitation.email(), invitation.invitedAt().toString(), "PENDING");
        }
    }

    record Invite(String email) {
    }

    @GetMapping
    Map<String, List<StoreJson>> list() {
        return Map.of("items", stores.list().stream().map(StoreJson::of).toList());
    }

    @PostMapping
    ResponseEntity<StoreJson> add(@Valid @RequestBody AddStore body, HttpServletRequest request) {
        Marketplace marketplace = marketplace(body.marketplace());
        StoreCredentials credentials = body.credentials() == null ? null : body.credentials().toCredentials(marketplaces, marketplace);
        Store store = stores.add(marketplace, body.name(), credentials, request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/stores/" + store.id())).body(StoreJson.of(store));
    }

    @GetMapping("/{id}")
    StoreJson get(@PathVariable String id) {
        return StoreJson.of(stores.get(StoreIds.store(id)));
    }

    @PatchMapping("/{id}")
    StoreJson change(@PathVariable String id, @Valid @RequestBody ChangeStore body, HttpServletRequest request) {
        UUID storeId = StoreIds.store(id);
        Store store = stores.get(storeId);
        if (body.name() == null && body.credentials() == null) {
            throw new StoreException(StoreException.Kind.INVALID, "nothing-to-change", "Send a name or credentials.");
        }
        // both are checked before either is stored (Stores.change), so a refused request changes nothing
        StoreCredentials credentials = body.credentials() == null ? null
                : body.credentials().toCredentials(marketplaces, store.marketplace());
        if (credentials == null) {
            return StoreJson.of(stores.rename(storeId, body.name(), request.getRemoteAddr()));
        }
        return StoreJson.of(stores.change(storeId, body.name(), credentials, request.getRemoteAddr()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable String id, HttpServletRequest request) {
        stores.remove(StoreIds.store(id), request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/grants")
    Map<String, List<GrantJson>> grants(@PathVariable String id) {
        return Map.of("items", stores.grants(StoreIds.store(id)).stream().map(GrantJson::of).toList());
    }

    /**
     * Invites an email to the store. The answer is the same whether the email has an account or not; the invitee's id
     * and name appear in {@code /grants} once they accept.
     */
    @PostMapping("/{id}/invitations")
    ResponseEntity<InvitationJson> invite(@PathVariable String id, @RequestBody Invite body,
                                          HttpServletRequest request) {
        StoreInvitation invitation = invitations.invite(StoreIds.store(id), body.email(), request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/stores/" + invitation.storeId() + "/invitations/"
                + invitation.id())).body(InvitationJson.of(invitation));
    }

    @GetMapping("/{id}/invitations")
    Map<String, List<InvitationJson>> invitations(@PathVariable String id) {
        return Map.of("items", invitations.invitations(StoreIds.store(id)).stream().map(InvitationJson::of).toList());
    }

    @DeleteMapping("/{id}/invitations/{invitationId}")
    ResponseEntity<Void> cancel(@PathVariable String id, @PathVariable String invitationId,
                                HttpServletRequest request) {
        invitations.cancel(StoreIds.store(id), StoreIds.invitation(invitationId), request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/grants/{operatorId}")
    ResponseEntity<Void> revoke(@PathVariable String id, @PathVariable String operatorId, HttpServletRequest request) {
        stores.revoke(StoreIds.store(id), StoreIds.grantee(operatorId), request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }


    static Marketplace marketplace(String raw) {
        try {
            return Marketplace.valueOf(raw == null ? "" : raw.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-marketplace",
                    "marketplace must be one of " + Marketplace.names() + ".");
        }
    }

    /** Credentials as typed in; a missing or too long field is a 400 {@code invalid-credentials}. */
    static StoreCredentials credentials(java.util.function.Supplier<StoreCredentials> typed) {
        try {
            return typed.get();
        } catch (StoreCredentials.InvalidCredentials e) {
            throw new StoreException(StoreException.Kind.INVALID, "invalid-credentials", e.getMessage());
        }
    }
}
