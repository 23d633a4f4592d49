package dev.esm.admin.web;

import java.time.ZoneId;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.esm.admin.AdminQueries;
import dev.esm.platform.AuditActions;
import dev.esm.platform.AuditFilter;
import dev.esm.platform.AuditPage;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.OperatorTimeZone;

/**
 * Platform admin: everyone's audit log with the same filters and pages as an operator's own ({@code /admin/audit}),
 * and the access review across every store ({@code /admin/access}). Each read is audited.
 */
@Controller
class AdminAuditController {

    private final AdminQueries admin;
    private final OperatorTimeZone zones;

    AdminAuditController(AdminQueries admin, OperatorTimeZone zones) {
        this.admin = admin;
        this.zones = zones;
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String action, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) String before,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        ZoneId zoneId = zones.zoneOf(ActingOperator.current().orElseThrow());
        model.addAttribute("action", action == null ? "" : action);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("actions", AuditActions.known());
        model.addAttribute("zone", zoneId.getId());
        try {
            AuditFilter filter = AuditFilter.parse(action, from, to, before, null, zoneId);
            AuditPage page = admin.auditPage(request.getRemoteAddr(), filter);
            model.addAttribute("page", page);
            model.addAttribute("firstPage", filter.before() == null);
            model.addAttribute("next", page.nextBefore() == null ? null
                    : AuditFilter.link("/admin/audit", action, from, to, page.nextBefore()));
            model.addAttribute("first", AuditFilter.link("/admin/audit", action, from, to, null));
        } catch (AuditFilter.Invalid invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("page", new AuditPage(List.of(), null));
            model.addAttribute("firstPage", true);
            model.addAttribute("invalidField", invalid.field());
            model.addAttribute("invalidMessage", invalid.getMessage());
        }
        return "admin/audit";
    }

    @GetMapping("/admin/access")
    String access(HttpServletRequest request, Model model) {
        model.addAttribute("access", admin.storeAccess(request.getRemoteAddr()));
        return "admin/access";
    }
}
