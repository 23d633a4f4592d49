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
}
