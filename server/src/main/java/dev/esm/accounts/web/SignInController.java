package dev.esm.accounts.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.esm.accounts.AccountException;
import dev.esm.accounts.Accounts;

/** The sign-in page (Spring Security handles the POST) and sign-up. */
@Controller
class SignInController {

    private final Accounts accounts;

    SignInController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/today";
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            model.addAttribute("loginError", e.getMessage());
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        } else if (request.getParameter("error") != null) {
            model.addAttribute("loginError", "Sign-in failed. Try again.");
        }
        return "accounts/login";
    }

    @GetMapping("/signup")
    String signUpForm() {
        return "accounts/signup";
    }

    @PostMapping("/signup")
    String signUp(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String password, HttpServletRequest request, Model model) {
        try {
            accounts.signUp(email, name, password, request.getRemoteAddr());
            return "redirect:/login?signed-up";
        } catch (AccountException e) {
            if ("email-taken".equals(e.code())) {
                // answered as a sign-up, so that the page does not tell whether the email has an account (ADR 14)
                return "redirect:/login?signed-up";
            }
            model.addAttribute("error", e.getMessage());
            model.addAttribute("email", email);
            model.addAttribute("name", name);
            return "accounts/signup";
        }
    }
}
