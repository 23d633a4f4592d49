package dev.esm.stores.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.esm.accounts.OperatorPrincipal;
import dev.esm.stores.StoreAccessReview;

/** {@code /stores/access}: who can reach the operator's stores and since when. */
@Controller
class AccessReviewController {

    private final StoreAccessReview review;

    AccessReviewController(StoreAccessReview review) {
        this.review = review;
    }

    @GetMapping("/stores/access")
    String access(@AuthenticationPrincipal OperatorPrincipal me, Model model) {
        model.addAttribute("own", review.ownStores(me.email()));
        model.addAttribute("shared", review.sharedWithMe(me.operatorId()));
        return "stores/access";
    }
}
