package dev.esm.accounts.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.esm.accounts.ApiTokens;

/**
 * Authenticates {@code Authorization: Bearer <token>} on the API for this request only (nothing goes into a
 * session). A bearer header with an unknown token is refused outright. The authentication is also kept as a request
 * attribute, so that the request's async dispatch (the end of a server-sent event stream) is still authenticated.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final ProblemResponses problems;
    private final RequestAttributeSecurityContextRepository requestContext =
            new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(ApiTokens tokens, ProblemResponses problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        var principal = tokens.authenticate(request.getHeader("Authorization").substring(7).strip());
        if (principal.isEmpty()) {
            problems.write(response, 401, "Unauthorized", "The API token is not valid.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(OperatorAuthenticationProvider.authenticated(principal.get()));
        SecurityContextHolder.setContext(context);
        requestContext.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
