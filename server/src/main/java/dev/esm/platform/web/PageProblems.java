package dev.esm.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The pages' one handler of expected refusals: a {@link ProblemException} escaping a page controller, whatever its
 * module, is sent as its kind's status with its words and code, and {@link ErrorPages} renders it like every other
 * error (the 404 and 403 pages, otherwise the error page with the refusal's words and the site navigation).
 * Page controllers that keep the operator on the page (a flash message after a refused change) catch the refusal
 * themselves. {@link ApiProblems} comes first for the REST controllers.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@ControllerAdvice(annotations = Controller.class)
class PageProblems {

    @ExceptionHandler(ProblemException.class)
    void refused(ProblemException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(ErrorPages.PROBLEM, e);
        response.sendError(e.kind().status());
    }
}
