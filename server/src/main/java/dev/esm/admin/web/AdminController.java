package dev.esm.admin.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.admin.AdminQueries;
import dev.esm.platform.KeyRotation;

/** Platform admin pages (role ADMIN only): operators, stores and the audit log, and master-key rotation. */
@Controller
class AdminController {

    private final AdminQueries admin;
    private final KeyRotation keys;

    AdminController(AdminQueries admin, KeyRotation keys) {
        this.admin = admin;
        this.keys = keys;
    }

    @GetMapping("/admin")
    String index(HttpServletRequest request, Model model) {
        String source = request.getRemoteAddr();
        model.addAttribute("operators", admin.operators(source));
        model.addAttribute("stores", admin.stores(source));
        model.addAttribute("audit", admin.auditLog(source, 100));
        model.addAttribute("keyFileMode", keys.keyFileMode());
        model.addAttribute("primaryKeyId", keys.primaryKeyId());
        return "admin/index";
    }

    @PostMapping("/admin/keys/rewrap")
    String rewrap(HttpServletRequest request, RedirectAttributes flash) {
        KeyRotation.Result result = keys.rewrapAll(request.getRemoteAddr());
        flash.addFlashAttribute("notice", result.rewrapped() + " data keys re-wrapped under master key "
                + result.masterKeyId() + ".");
        return "redirect:/admin";
    }

    @PostMapping("/admin/keys/rotate")
    String rotate(@RequestParam(defaultValue = "") String confirm, HttpServletRequest request,
                  RedirectAttributes flash) {
        if (!"yes".equals(confirm)) {
            flash.addFlashAttribute("error", "Nothing was changed: tick the box to confirm a new master key.");
            return "redirect:/admin";
        }
        try {
            KeyRotation.Result result = keys.generateNewMasterKey(request.getRemoteAddr());
            flash.addFlashAttribute("notice", "New master key " + result.masterKeyId() + "; "
                    + result.rewrapped() + " data keys re-wrapped.");
        } catch (IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin";
    }
}
