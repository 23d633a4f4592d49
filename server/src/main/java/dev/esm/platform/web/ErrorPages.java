package dev.esm.platform.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /error}, where the servlet container sends every error no controller answered itself: Tomcat's own
 * refusals (malformed percent-encoding, oversized headers, unreadable parameters), {@link RequestTextFilter}'s, and
 * exceptions that escaped a controller. Under /api it answers problem+json, elsewhere a page with the site
 * navigation. Neither names the request's content, and a stack trace is never shown.
 */
@Controller
class ErrorPages implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    /** The request attribute holding the {@link ProblemException} a page controller refused with ({@link PageProblems}). */
    static final String PROBLEM = ErrorPages.class.getName() + ".problem";

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = status(request);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail = detail(request, status);
        if (exception instanceof Throwable thrown && BadValues.refusedByDatabase(thrown)) {
            status = HttpStatus.BAD_REQUEST;
            detail = BadValues.DETAIL;
        } else if (status.is5xxServerError() && exception != null) {
            log.error("Request failed: {}", exception.getClass().getName());
        }
        if (api(request)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setProperty("code", request.getAttribute(PROBLEM) instanceof ProblemException refusal
                    ? refusal.code() : code(status));
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        String view = switch (status.value()) {
            case 403 -> "error/403";
            case 404 -> "error/404";
            default -> "error";
        };
        return new ModelAndView(view, Map.of("status", status.value(), "title", status.getReasonPhrase(),
                "message", detail), status);
    }

    private static boolean api(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String detail(HttpServletRequest request, HttpStatus status) {
        Object refusal = request.getAttribute(RequestTextFilter.REFUSAL);
        if (refusal instanceof String text) {
            return text;
        }
        if (request.getAttribute(PROBLEM) instanceof ProblemException problem) {
            return problem.getMessage();
        }
        return text(status);
    }

    /** What a refusal with {@code status} says when there is nothing more specific to say. */
    static String text(HttpStatus status) {
        return switch (status.value()) {
            case 400 -> "The request is malformed (check its address, parameters and encoding).";
            case 401 -> "Sign in first.";
            case 403 -> "This is not yours to see or change.";
            case 404 -> "There is nothing here, or it is not yours to see.";
            case 405 -> "This address does not accept that method.";
            case 413 -> "The request is too large.";
            case 414, 431 -> "The request's address or headers are too long.";
            case 415 -> "This content type is not accepted.";
            default -> status.is5xxServerError()
                    ? "Something went wrong on our side. Nothing was changed by the failed step."
                    : status.getReasonPhrase() + ".";
        };
    }

    static String code(HttpStatus status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            default -> status.is5xxServerError() ? "internal-error"
                    : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        };
    }
}
