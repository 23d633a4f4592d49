package dev.esm.shipping.web;

import java.util.function.Supplier;

import dev.esm.shipping.ShippingException;
import dev.esm.platform.web.ProblemException.Kind;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The post-redirect-get habit of the shipping pages: a notice on success, the refusal's words on failure. */
final class ShippingPages {

    private ShippingPages() {
    }

    static String change(String back, RedirectAttributes flash, Supplier<String> work) {
        try {
            String notice = work.get();
            if (notice != null) {
                flash.addFlashAttribute("notice", notice);
            }
        } catch (ShippingException e) {
            if (e.kind() == Kind.NOT_FOUND && !e.code().equals("label-not-found")) {
                throw e;
            }
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + back;
    }

    /**
     * Like {@link #change}, for a form whose refusal is shown beside its field with what was typed kept: the typed
     * values go back as {@code <form>Values}, the message as {@code <form>Error} and the field it is about as
     * {@code <form>Field} (from the refusal's code, {@code invalid-<field>}, or {@code fieldOf} for other codes).
     */
    static String changeForm(String back, RedirectAttributes flash, String form, java.util.Map<String, String> values,
                             java.util.Map<String, String> fieldOf, Supplier<String> work) {
        try {
            String notice = work.get();
            if (notice != null) {
                flash.addFlashAttribute("notice", notice);
            }
        } catch (ShippingException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            String field = fieldOf.getOrDefault(e.code(), e.code().startsWith("invalid-")
                    ? e.code().substring("invalid-".length()) : "");
            flash.addFlashAttribute(form + "Values", values);
            flash.addFlashAttribute(form + "Error", e.getMessage());
            flash.addFlashAttribute(form + "Field", values.containsKey(field) ? field : "");
        }
        return "redirect:" + back + "#" + form;
    }

    /**
     * The typed values to show again, each cut to what the form may hold (a refused megabyte is not kept in the
     * session) and without control characters.
     */
    static java.util.Map<String, String> shortened(java.util.Map<String, String> typed) {
        java.util.Map<String, String> kept = new java.util.LinkedHashMap<>();
        typed.forEach((k, v) -> {
            String clean = v == null ? "" : v.replaceAll("\\p{Cntrl}", "");
            kept.put(k, clean.substring(0, Math.min(clean.length(), 200)));
        });
        return kept;
    }
}
