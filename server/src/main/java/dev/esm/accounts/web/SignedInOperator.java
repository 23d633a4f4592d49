package dev.esm.accounts.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.esm.accounts.OperatorPrincipal;

/** Puts the signed-in operator (or null) into every page's model as {@code me}, for the navigation bar. */
@ControllerAdvice
class SignedInOperator {

    @ModelAttribute("me")
    OperatorPrincipal me(@AuthenticationPrincipal OperatorPrincipal principal) {
        return principal;
    }
}
