package dev.esm.platform.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Query parameters, form fields and the decoded path pass {@link InputText} before anything else sees them (before
 * security, so a refusal costs nothing): otherwise 400, as problem+json under /api and as the error page elsewhere.
 * JSON bodies are checked as they are read ({@link TextInputModule}).
 */
@Configuration(proxyBeanMethods = false)
class RequestTextFilter extends OncePerRequestFilter {

    /** Set on a refused request: what the error page and problem say about it. */
    static final String REFUSAL = RequestTextFilter.class.getName() + ".refusal";

    @Bean
    static FilterRegistrationBean<RequestTextFilter> requestTextFilterRegistration() {
        FilterRegistrationBean<RequestTextFilter> registration = new FilterRegistrationBean<>(new RequestTextFilter());
        // before Spring Session (Integer.MIN_VALUE + 50) and security (-100): nothing is loaded for a refused request
        registration.setOrder(Integer.MIN_VALUE + 10);
        return registration;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request);
        if (problem != null) {
            request.setAttribute(REFUSAL, problem);
            response.sendError(400);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String problem(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (InputText.problem(path) != null) {
            return "The address contains characters that are not accepted.";
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            // Tomcat refuses malformed percent-encoding or too many parameters as it parses them
            return "The request's parameters could not be read (check their percent-encoding).";
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (InputText.problem(name) != null || name.length() > 100) {
                return "A parameter name is not accepted.";
            }
            for (String value : parameter.getValue()) {
                String wrong = InputText.problem(value);
                if (wrong != null) {
                    return "The value of " + (name.matches("[A-Za-z0-9_.-]{1,50}") ? name : "a parameter") + " "
                            + wrong + ".";
                }
            }
        }
        return null;
    }
}
