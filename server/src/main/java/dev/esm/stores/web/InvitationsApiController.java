package dev.esm.stores.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.shared.Marketplace;
import dev.esm.stores.PendingInvitation;
import dev.esm.stores.StoreInvitations;

/** {@code /api/v1/invitations}: the invitations to the signed-in operator's email, to accept or decline. */
@RestController
@RequestMapping("/api/v1/invitations")
class InvitationsApiController {

    private final StoreInvitations invitations;

    InvitationsApiController(StoreInvitations invitations) {
        this.invitations = invitations;
    }

    record PendingJson(UUID id, UUID storeId, String storeName, Marketplace marketplace, String ownerName,
                       String invitedAt) {
        static PendingJson of(PendingInvitation invitation) {
            return new PendingJson(invitation.id(), invitation.storeId(), invitation.storeName(),
                    invitation.marketplace(), invitation.ownerName(), invitation.invitedAt().toString());
        }
    }

    @GetMapping
    Map<String, List<PendingJson>> pending() {
        return Map.of("items", invitations.pending().stream().map(PendingJson::of).toList());
    }

    /** Accepts: the store is shared with the operator from now on; answers the store. */
    @PostMapping("/{id}/accept")
    StoresApiController.StoreJson accept(@PathVariable String id, HttpServletRequest request) {
        return StoresApiController.StoreJson.of(invitations.accept(StoreIds.invitation(id), request.getRemoteAddr()));
    }

    @PostMapping("/{id}/decline")
    ResponseEntity<Void> decline(@PathVariable String id, HttpServletRequest request) {
        invitations.decline(StoreIds.invitation(id), request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }
}
