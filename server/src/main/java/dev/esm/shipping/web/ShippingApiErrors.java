package dev.esm.shipping.web;

import dev.esm.shipping.ShippingException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Shipping refusals as problem+json with a stable {@code code}; provider refusals carry the provider's words. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ShippingApiErrors {

    @ExceptionHandler(ShippingException.class)
    ProblemDetail refused(ShippingException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e.kind()), e.getMessage());
        problem.setProperty("code", e.code());
        return problem;
    }

    static HttpStatus status(ShippingException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case PROVIDER_REJECTED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case PROVIDER_UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
        };
    }
}
