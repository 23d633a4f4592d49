package dev.esm.accounts.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import dev.esm.accounts.AccountException;
import dev.esm.accounts.Credentials;
import dev.esm.accounts.OperatorPrincipal;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;

/**
 * Email and password sign-in, throttled by {@link LoginThrottle}: an attempt is reserved before the hash is
 * evaluated. Registered once, on the chains' own authentication manager (not also globally), so that a failure is
 * evaluated and counted once. Logs operator ids, never emails. Every sign-in and every failed one is audited with
 * the client's address: as the account's own entry when the email names an account (the operator sees it on its
 * audit page), otherwise with no actor (platform admins only); the email typed is never written. An attempt the
 * throttle refuses before any check is logged, not audited, so that a flood cannot fill the audit log.
 */
@Component
class OperatorAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(OperatorAuthenticationProvider.class);
    static final String WRONG = "Email or password is not right.";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final AuditTrail audit;
    /** What an unknown email's password is checked against, so that it takes as long as a known one's. */
    private volatile String dummyHash;

    OperatorAuthenticationProvider(JdbcClient jdbc, PasswordEncoder passwords, LoginThrottle throttle,
                                   AuditTrail audit) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * Hashed at the first sign-in, not at start (one Argon2 hash is most of a second of a start): every first
     * sign-in pays it, known email or not, so that it tells nothing either.
     */
    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            synchronized (this) {
                if (dummyHash == null) {
                    dummyHash = passwords.encode("not-a-password-" + UUID.randomUUID());
                }
                hash = dummyHash;
            }
        }
        return hash;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String dummy = dummyHash();
        String email = normalize(authentication.getName());
        String password = String.valueOf(authentication.getCredentials());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.reserve(email, address == null ? "unknown" : address);
        } catch (LoginThrottle.Refused refused) {
            log.warn("Sign-in refused: too many failed attempts");
            throw new LockedException(refused.getMessage());
        }
        Optional<SignInRow> operator = email.isEmpty() ? Optional.empty() : jdbc
                .sql("select id, email, name, password_hash, platform_admin from esm.sign_in_lookup(?)")
                .param(email)
                .query((rs, n) -> new SignInRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)))
                .optional();
        boolean matches = passwords.matches(password, operator.map(SignInRow::passwordHash).orElse(dummy));
        if (operator.isEmpty() || !matches) {
            log.info("Sign-in failed{}", operator.map(o -> " for operator " + o.id()).orElse(""));
            operator.ifPresentOrElse(
                    o -> ActingOperator.runAs(o.id(), () -> audit.record("account.sign-in-failed", "operator:" + o.id(),
                            address)),
                    () -> audit.recordUnknownSignIn(address));
            throw new BadCredentialsException(WRONG);
        }
        throttle.succeeded(attempt);
        SignInRow row = operator.get();
        log.info("Operator {} signed in", row.id());
        ActingOperator.runAs(row.id(), () -> audit.record("account.sign-in", "operator:" + row.id(), address));
        return authenticated(new OperatorPrincipal(row.id(), row.email(), row.name(), row.platformAdmin()));
    }

    static UsernamePasswordAuthenticationToken authenticated(OperatorPrincipal principal) {
        List<SimpleGrantedAuthority> authorities = principal.platformAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"));
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    }

    private static String normalize(String email) {
        try {
            return Credentials.email(email);
        } catch (AccountException e) {
            return "";
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private record SignInRow(UUID id, String email, String name, String passwordHash, boolean platformAdmin) {
    }
}
