package dev.esm.marketplace.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.marketplace.AccountDeletion;
import dev.esm.marketplace.AccountDeletionEndpoint;
import dev.esm.marketplace.AccountDeletionEndpoint.NoticeRefused;
import dev.esm.marketplace.AccountDeletionReceiver;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.platform.web.ProblemException;
import dev.esm.platform.web.ProblemException.Kind;

/**
 * The public account deletion webhooks, {@code /webhooks/{marketplace}/account-deletion}, one per marketplace adapter
 * that has an {@link AccountDeletionEndpoint} (no sign-in, no CSRF: the security chain of {@code /webhooks/**} lets
 * everyone in, and the marketplace's signature is the check). GET answers the marketplace's endpoint check; POST takes
 * a notice: verified, handed to the {@link AccountDeletionReceiver} (stored durably, once per notification id) and
 * answered 204 at once. A notice that does not verify is 412 and changes nothing; a marketplace whose key could not be
 * fetched is 503, so the marketplace delivers again. An unknown marketplace, or one whose endpoint is not configured,
 * is 404.
 */
@RestController
class AccountDeletionWebhooks {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletionWebhooks.class);
    /** A notice is a few hundred bytes; a larger body is not one (and is not read further). */
    static final int MAX_BODY = 64 * 1024;

    private final List<AccountDeletionEndpoint> endpoints;
    private final AccountDeletionReceiver receiver;

    AccountDeletionWebhooks(List<AccountDeletionEndpoint> endpoints, AccountDeletionReceiver receiver) {
        this.endpoints = List.copyOf(endpoints);
        this.receiver = receiver;
    }

    @GetMapping(path = "/webhooks/{marketplace}/account-deletion", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> challenge(@PathVariable String marketplace, @RequestParam Map<String, String> query) {
        return endpoint(marketplace).challenge(query).orElseThrow(() -> new ProblemException(Kind.INVALID,
                "invalid-challenge", "This endpoint answers the marketplace's challenge_code and notifications only."));
    }

    @PostMapping("/webhooks/{marketplace}/account-deletion")
    ResponseEntity<Void> notice(@PathVariable String marketplace, HttpServletRequest request) {
        AccountDeletionEndpoint endpoint = endpoint(marketplace);
        AccountDeletion notice;
        try {
            notice = endpoint.verify(request::getHeader, body(request));
        } catch (NoticeRefused e) {
            log.info("Account deletion notice refused ({}): {}", endpoint.marketplace(), e.getMessage());
            throw new ProblemException(Kind.PRECONDITION_FAILED, "notice-refused", e.getMessage());
        } catch (MarketplaceUnavailable e) {
            log.warn("Account deletion notice not checked ({}): {}", endpoint.marketplace(), e.getMessage());
            throw new ProblemException(Kind.UNAVAILABLE, "marketplace-unavailable",
                    "The marketplace's signing key could not be fetched; deliver the notice again later.");
        }
        boolean first = receiver.receive(notice);
        log.info("Account deletion notice {} of {} {}", notice.notificationId(), endpoint.marketplace(),
                first ? "received" : "received again (nothing more to do)");
        return ResponseEntity.noContent().build();
    }

    private AccountDeletionEndpoint endpoint(String marketplace) {
        String name = marketplace.toUpperCase(Locale.ROOT);
        Optional<AccountDeletionEndpoint> endpoint = endpoints.stream()
                .filter(e -> e.marketplace().name().equals(name) && e.enabled()).findFirst();
        return endpoint.orElseThrow(() -> new ProblemException(Kind.NOT_FOUND, "not-found",
                "There is no such webhook."));
    }

    /** The body exactly as sent, at most {@link #MAX_BODY} bytes. */
    private static byte[] body(HttpServletRequest request) throws NoticeRefused {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new NoticeRefused("The body is larger than a notice.");
            }
            return body;
        } catch (IOException e) {
            throw new NoticeRefused("The body could not be read.");
        }
    }
}
