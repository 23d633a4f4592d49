package dev.esm.accounts.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import dev.esm.platform.web.ProblemException;

import dev.esm.accounts.AccountException;
import dev.esm.accounts.AccountExports;
import dev.esm.accounts.Accounts;
import dev.esm.accounts.ApiTokens;
import dev.esm.accounts.Operator;
import dev.esm.accounts.OperatorPrincipal;
import dev.esm.accounts.TimeZoneSetting;

/**
 * The account page: name, email, password, time zone and personal API tokens; "export my data" and its download;
 * "delete my account" with its confirmation (ADR 34).
 */
@Controller
class AccountController {

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final TimeZoneSetting timeZones;
    private final AccountExports exports;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    AccountController(Accounts accounts, ApiTokens tokens, TimeZoneSetting timeZones, AccountExports exports) {
        this.accounts = accounts;
        this.exports = exports;
        this.tokens = tokens;
        this.timeZones = timeZones;
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal OperatorPrincipal me, Model model) {
        model.addAttribute("operator", accounts.self(me.operatorId()));
        model.addAttribute("tokens", tokens.list(me.operatorId()));
        model.addAttribute("timeZones", TimeZoneSetting.CHOICES);
        model.addAttribute("timeZone", timeZones.zoneOf(me.operatorId()).getId());
        model.addAttribute("export", exports.latest().orElse(null));
        model.addAttribute("locales", TimeZoneSetting.LOCALES);
        model.addAttribute("locale", timeZones.localeOf(me.operatorId()).toLanguageTag());
        return "accounts/account";
    }

    @PostMapping("/account/export")
    String startExport(@AuthenticationPrincipal OperatorPrincipal me, HttpServletRequest request) {
        return "redirect:/account/export/" + exports.start(me.operatorId(), request.getRemoteAddr()).id();
    }

    @GetMapping("/account/export/{id}")
    String export(@PathVariable String id, Model model) {
        model.addAttribute("export", exports.get(exportId(id)).orElseThrow(AccountController::exportNotFound));
        return "accounts/export";
    }

    @GetMapping("/account/export/{id}/download")
    ResponseEntity<byte[]> download(@PathVariable String id, HttpServletRequest request) {
        byte[] zip = exports.download(exportId(id), request.getRemoteAddr())
                .orElseThrow(AccountController::exportNotFound);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("esm-my-data-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".zip").build()
                        .toString())
                .body(zip);
    }

    /** A malformed id is an export that does not exist: 404, like an unknown one. */
    private static UUID exportId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException malformed) {
            throw exportNotFound();
        }
    }

    private static ProblemException exportNotFound() {
        return new ProblemException(ProblemException.Kind.NOT_FOUND, "export-not-found",
                "This export does not exist or has expired.");
    }

    @GetMapping("/account/delete")
    String confirmDelete() {
        return "accounts/delete";
    }

    /**
     * Deletes the account once the current password is right: its sessions and tokens end at once (this one too), the
     * rest goes by a job; the page says so, signed out.
     */
    @PostMapping("/account/delete")
    String delete(@AuthenticationPrincipal OperatorPrincipal me,
                  @RequestParam(defaultValue = "") String currentPassword, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        try {
            accounts.delete(me.operatorId(), currentPassword, request.getRemoteAddr());
        } catch (AccountException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            return "accounts/delete";
        }
        try {
            request.logout();
        } catch (ServletException e) {
            // the session is ended below in any case
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        model.addAttribute("me", null);
        return "accounts/deleted";
    }

    @PostMapping("/account/time-zone")
    String changeTimeZone(@AuthenticationPrincipal OperatorPrincipal me,
                          @RequestParam(defaultValue = "") String timeZone, HttpServletRequest request,
                          RedirectAttributes flash) {
        return attempt(flash, "Time zone saved.", () -> timeZones.change(me.operatorId(), timeZone,
                request.getRemoteAddr()));
    }

    @PostMapping("/account/locale")
    String changeLocale(@AuthenticationPrincipal OperatorPrincipal me, @RequestParam(defaultValue = "") String locale,
                        HttpServletRequest request, RedirectAttributes flash) {
        return attempt(flash, "Money format saved.", () -> timeZones.changeLocale(me.operatorId(), locale,
                request.getRemoteAddr()));
    }

    @PostMapping("/account/name")
    String changeName(@AuthenticationPrincipal OperatorPrincipal me, @RequestParam(defaultValue = "") String name,
                      HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        return attempt(flash, "Name saved.", () ->
                refresh(accounts.changeName(me.operatorId(), name, request.getRemoteAddr()), request, response));
    }

    @PostMapping("/account/email")
    String changeEmail(@AuthenticationPrincipal OperatorPrincipal me, @RequestParam(defaultValue = "") String email,
                       @RequestParam(defaultValue = "") String currentPassword, HttpServletRequest request,
                       HttpServletResponse response, RedirectAttributes flash) {
        return attempt(flash, "Email changed.", () -> refresh(
                accounts.changeEmail(me.operatorId(), email, currentPassword, request.getRemoteAddr()), request, response));
    }

    @PostMapping("/account/password")
    String changePassword(@AuthenticationPrincipal OperatorPrincipal me,
                          @RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String newPassword, HttpServletRequest request,
                          RedirectAttributes flash) {
        return attempt(flash, null, () -> {
            int tokensEnded = accounts.changePassword(me.operatorId(), currentPassword, newPassword,
                    request.getSession().getId(), request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Password changed. Your other sessions were signed out"
                    + (tokensEnded == 0 ? "." : tokensEnded == 1 ? " and your API token was ended."
                    : " and your " + tokensEnded + " API tokens were ended."));
        });
    }

    @PostMapping("/account/tokens")
    String createToken(@AuthenticationPrincipal OperatorPrincipal me, @RequestParam(defaultValue = "") String name,
                       HttpServletRequest request, RedirectAttributes flash) {
        return attempt(flash, "Token created.", () -> flash.addFlashAttribute("newToken",
                tokens.create(me.operatorId(), name, request.getRemoteAddr()).secret()));
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal OperatorPrincipal me, @PathVariable UUID id,
                       HttpServletRequest request, RedirectAttributes flash) {
        return attempt(flash, "Token revoked.", () -> tokens.revoke(me.operatorId(), id, request.getRemoteAddr()));
    }

    private String attempt(RedirectAttributes flash, String notice, Runnable change) {
        try {
            change.run();
            if (notice != null) {
                flash.addFlashAttribute("notice", notice);
            }
        } catch (AccountException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/account";
    }

    /** Keeps the session's principal in step with the account it names. */
    private void refresh(Operator operator, HttpServletRequest request, HttpServletResponse response) {
        var current = SecurityContextHolder.getContext().getAuthentication();
        var updated = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                OperatorPrincipal.of(operator), null, current.getAuthorities());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(updated);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
