package dev.esm.accounts.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import dev.esm.accounts.ApiTokens;

/**
 * Three filter chains: marketplaces' webhooks under /webhooks (public, signed by the marketplace), the JSON API under /api (bearer token or session; problem+json on refusal) and the pages
 * (form sign-in at /login). Both send the same security headers and keep CSRF on for session-authenticated changes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoginThrottle.Limits.class)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * Marketplaces' webhooks ({@code /webhooks/**}): public, as the marketplace calls them; no session, no CSRF, no
     * sign-in. Each webhook checks the marketplace's signature itself; nothing else is served under this path.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhooks(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        headers(http);
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ProblemResponses problems,
                            OperatorAuthenticationProvider provider) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(signIn(provider))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens, problems), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new ActingOperatorFilter(), AuthorizationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers(BearerTokenFilter::hasBearer))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problems.write(response, 401,
                                "Unauthorized", "Sign in, or send an API token as Authorization: Bearer."))
                        .accessDeniedHandler((request, response, e) -> problems.write(response, 403, "Forbidden",
                                "Refused. A signed-in session must send its CSRF token in the X-CSRF-TOKEN header.")));
        headers(http);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, OperatorAuthenticationProvider provider) throws Exception {
        http.authenticationManager(signIn(provider))
                .addFilterAfter(new ActingOperatorFilter(), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/signup", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
                                "/error", "/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/admin", "/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/today", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"));
        headers(http);
        return http.build();
    }

    /**
     * The one authentication manager of a chain: the provider alone, with no parent. (Registering the provider on the
     * chain while it is also a bean made the global manager the chain's parent, which evaluated and counted every
     * failed sign-in a second time.)
     */
    private static AuthenticationManager signIn(OperatorAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    }
}
