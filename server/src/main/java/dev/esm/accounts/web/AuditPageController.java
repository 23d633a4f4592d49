package dev.esm.accounts.web;

import java.time.ZoneId;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.esm.accounts.OperatorPrincipal;
import dev.esm.accounts.TimeZoneSetting;
import dev.esm.platform.AuditActions;
import dev.esm.platform.AuditFilter;
import dev.esm.platform.AuditLog;
import dev.esm.platform.AuditPage;

/**
 * {@code /account/audit}: the operator's own audit log, newest first, filtered by action and dates (days in the
 * operator's time zone), a page at a time. A filter it cannot read is shown beside its field (400), nothing listed.
 */
@Controller
class AuditPageController {

    private final AuditLog audit;
    private final TimeZoneSetting timeZones;

    AuditPageController(AuditLog audit, TimeZoneSetting timeZones) {
        this.audit = audit;
        this.timeZones = timeZones;
    }

    @GetMapping("/account/audit")
    String audit(@AuthenticationPrincipal OperatorPrincipal me,
                 @RequestParam(required = false) String action, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) String before,
                 Model model, HttpServletResponse response) {
        ZoneId zone = timeZones.zoneOf(me.operatorId());
        model.addAttribute("action", action == null ? "" : action);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("actions", AuditActions.known());
        model.addAttribute("zone", zone.getId());
        try {
            AuditFilter filter = AuditFilter.parse(action, from, to, before, null, zone);
            AuditPage page = audit.own(filter);
            model.addAttribute("page", page);
            model.addAttribute("firstPage", filter.before() == null);
            model.addAttribute("next", page.nextBefore() == null ? null
                    : AuditFilter.link("/account/audit", action, from, to, page.nextBefore()));
            model.addAttribute("first", AuditFilter.link("/account/audit", action, from, to, null));
        } catch (AuditFilter.Invalid invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("page", new AuditPage(java.util.List.of(), null));
            model.addAttribute("firstPage", true);
            model.addAttribute("invalidField", invalid.field());
            model.addAttribute("invalidMessage", invalid.getMessage());
        }
        return "accounts/audit";
    }
}
