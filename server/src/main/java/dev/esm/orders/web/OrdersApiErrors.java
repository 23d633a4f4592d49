package dev.esm.orders.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.esm.orders.OrderException;

/** Order refusals as problem+json with a stable {@code code}. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class OrdersApiErrors {

    @ExceptionHandler(OrderException.class)
    ProblemDetail refused(OrderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.notFound() ? HttpStatus.NOT_FOUND
                : HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("code", e.code());
        return problem;
    }
}
