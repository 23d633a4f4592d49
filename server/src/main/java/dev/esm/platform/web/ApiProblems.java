package dev.esm.platform.web;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's one error rendering (every {@code @RestController}, whatever its module): a {@link ProblemException} becomes
 * problem+json with its kind's status, its {@code code} and its words; malformed requests become 4xx problem+json from
 * Spring's own handler (with the offending fields named, never their values), a value the database refuses as out of
 * range a 400, and anything unexpected a 500 that names nothing of the request (the log keeps the exception type only).
 * Ahead of {@link PageProblems}, which would otherwise also see the REST controllers (they are controllers too).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(annotations = RestController.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(ProblemException.class)
    ProblemDetail refused(ProblemException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.kind().status()), e.getMessage());
        problem.setProperty("code", e.code());
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (BadValues.refusedByDatabase(e)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, BadValues.DETAIL);
            problem.setProperty("code", "invalid-value");
            return problem;
        }
        log.error("API request failed: {}", e.getClass().getName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Nothing was changed by the failed step.");
        problem.setProperty("code", "internal-error");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + message(error)).distinct().sorted()
                .collect(Collectors.joining("; "));
        String detail = fields.isEmpty() ? "The request body is not valid." : "Invalid fields: " + fields + ".";
        return problem(e, status, detail, "invalid-request", headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        String parameters = e.getParameterValidationResults().stream()
                .map(result -> result.getMethodParameter().getParameterName() + " "
                        + result.getResolvableErrors().stream().map(r -> r.getDefaultMessage())
                        .collect(Collectors.joining(", ")))
                .distinct().sorted().collect(Collectors.joining("; "));
        return problem(e, status, "Invalid parameters: " + parameters + ".", "invalid-request", headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return problem(e, status, "The request body is not readable: it must be JSON of the documented shape, with "
                + "values of the right types, and text without control characters.", "unreadable-body", headers,
                request);
    }

    private ResponseEntity<Object> problem(Exception e, HttpStatusCode status, String detail, String code,
                                           HttpHeaders headers, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
    }
}
