package dev.esm.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the site section of the page into every page's model as {@code section} ({@code orders}, {@code catalog}, {@code batches},
 * {@code stores}, {@code account}, {@code admin}, {@code login}, {@code signup}, or null), so that the navigation
 * marks the current one with {@code aria-current="page"}. An error page takes the section of the address that failed.
 */
@ControllerAdvice
class NavigationSection {

    @ModelAttribute("section")
    String section(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return of(failed instanceof String path ? path : request.getRequestURI());
    }

    static String of(String path) {
        if (path == null) {
            return null;
        }
        String first = path.replaceFirst("^/+", "").split("/", 2)[0];
        return switch (first) {
            case "orders" -> "orders";
            case "catalog" -> "catalog";
            case "label-batches" -> "batches";
            case "stores", "connect", "invitations" -> "stores";
            case "account" -> "account";
            case "admin" -> "admin";
            case "login" -> "login";
            case "signup" -> "signup";
            default -> null;
        };
    }
}
