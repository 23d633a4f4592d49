package dev.esm.accounts.web;

import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.esm.accounts.TimeZoneSetting;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditFilter;
import dev.esm.platform.AuditLog;
import dev.esm.platform.AuditPage;

/**
 * {@code GET /api/v1/audit}: the signed-in operator's own audit log, newest first. Filters: {@code action} (an
 * action's name, e.g. {@code account.sign-in}), {@code from} and {@code to} (dates, {@code 2026-11-26}, in the
 * operator's time zone, both days included; or ISO-8601 instants, {@code to} excluded), {@code limit} (1-200, default
 * 50) and {@code before} (the page's {@code nextBefore}, for the next page). A filter it cannot read is a 400
 * problem+json {@code invalid-filter}.
 */
@RestController
class AuditApiController {

    private final AuditLog audit;
    private final TimeZoneSetting timeZones;

    AuditApiController(AuditLog audit, TimeZoneSetting timeZones) {
        this.audit = audit;
        this.timeZones = timeZones;
    }

    @GetMapping("/api/v1/audit")
    AuditPage list(@RequestParam(required = false) @Size(max = 64) String action,
                   @RequestParam(required = false) @Size(max = 40) String from,
                   @RequestParam(required = false) @Size(max = 40) String to,
                   @RequestParam(required = false) @Size(max = 20) String before,
                   @RequestParam(required = false) @Size(max = 10) String limit) {
        return audit.own(AuditFilter.parse(action, from, to, before, limit, timeZones.zoneOf(ActingOperator.current().orElseThrow())));
    }
}
