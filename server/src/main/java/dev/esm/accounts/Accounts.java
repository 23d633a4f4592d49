package dev.esm.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.accounts.internal.LoginThrottle;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.jobs.Jobs;

/** Signing up and changing one's own account. Every method acts for the operator it changes. */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final ApiTokens tokens;
    private final AccountSettings settings;
    private final Jobs jobs;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, TransactionTemplate transactions,
             PasswordPolicy policy, LoginThrottle throttle, ApiTokens tokens, AccountSettings settings, Jobs jobs) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.transactions = transactions;
        this.policy = policy;
        this.throttle = throttle;
        this.tokens = tokens;
        this.settings = settings;
    }

    /**
     * Creates an operator; never a platform admin. An email that already has an account is refused with
     * {@code email-taken} only after the same work as a sign-up (the password is checked and hashed), so that a page
     * can answer both alike without the time telling them apart.
     */
    public Operator signUp(String email, String name, String password, String source) {
        String normalizedEmail = Credentials.email(email);
        String cleanName = Credentials.name(name);
        String hash = passwords.encode(policy.check(password, normalizedEmail));
        UUID id = UUID.randomUUID();
        try {
            ActingOperator.runAs(id, () -> transactions.executeWithoutResult(status -> {
                jdbc.sql("insert into operator (id, email, name, password_hash) values (?, ?, ?, ?)")
                        .params(id, normalizedEmail, cleanName, hash).update();
                audit.record("account.sign-up", "operator:" + id, source);
            }));
        } catch (DuplicateKeyException e) {
            throw AccountException.emailTaken();
        }
        log.info("Operator {} signed up", id);
        return self(id);
    }

    /** The operator's own account, read acting for it. */
    public Operator self(UUID id) {
        return ActingOperator.runAs(id, () -> transactions.execute(status -> jdbc
                .sql("select id, email, name, platform_admin, created_at from operator where id = ?")
                .param(id).query(Accounts::operator).single()));
    }

    @Transactional
    public Operator changeName(UUID id, String name, String source) {
        jdbc.sql("update operator set name = ?, updated_at = now() where id = ?").params(Credentials.name(name), id).update();
        audit.record("account.change-name", "operator:" + id, source);
        return self(id);
    }

    /** Changes the email after checking the current password (throttled; the check holds no transaction). */
    public Operator changeEmail(UUID id, String email, String currentPassword, String source) {
        String normalized = Credentials.email(email);
        checkPassword(id, currentPassword, source);
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("update operator set email = ?, updated_at = now() where id = ?").params(normalized, id)
                        .update();
                audit.record("account.change-email", "operator:" + id, source);
            });
        } catch (DuplicateKeyException e) {
            throw AccountException.emailTaken();
        }
        return self(id);
    }

    /**
     * Changes the password after checking the current one (throttled; the check and the hashing hold no transaction)
     * and ends the operator's other sessions and, unless configured otherwise, its API tokens.
     *
     * @return how many API tokens were ended
     */
    public int changePassword(UUID id, String currentPassword, String newPassword, String currentSessionId,
                              String source) {
        String email = checkPassword(id, currentPassword, source);
        String hash = passwords.encode(policy.check(newPassword, email));
        Integer tokensEnded = transactions.execute(status -> {
            jdbc.sql("update operator set password_hash = ?, updated_at = now() where id = ?").params(hash, id).update();
            jdbc.sql("delete from spring_session where principal_name = ? and session_id is distinct from ?")
                    .params(id.toString(), currentSessionId).update();
            audit.record("account.change-password", "operator:" + id, source);
            return settings.endTokensOnPasswordChange() ? tokens.revokeAll(id, source) : 0;
        });
        return tokensEnded == null ? 0 : tokensEnded;
    }

    /** The kind of the job that removes a deleted account's data ({@code accounts.internal.AccountDeletionJob}). */
    public static final String DELETION_JOB = "account-deletion";

    /**
     * Deletes the operator's account, after checking the current password (throttled like every password check). At
     * once, in one transaction: the account is marked (from the commit on, sign-in and API tokens no longer find it),
     * every session and API token of it is ended, and the account-deletion job is enqueued, which removes the
     * operator's data, then the account (ADR 34). Acting for the operator.
     */
    public void delete(UUID id, String currentPassword, String source) {
        checkPassword(id, currentPassword, source);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("update operator set deletion_requested_at = coalesce(deletion_requested_at, now()) where id = ?")
                    .param(id).update();
            jdbc.sql("delete from spring_session where principal_name = ?").param(id.toString()).update();
            tokens.revokeAll(id, source);
            audit.record("account.delete", "operator:" + id, source);
            jobs.enqueue(DELETION_JOB, id, id);
        });
        log.info("Operator {} asked for their account to be deleted", id);
    }

    /**
     * The operators among {@code ids} that the acting operator may see (itself, the owners of stores shared with it and
     * the operators it shares its stores with), by id; other ids are left out. For modules that show an owner's or a
     * grantee's name beside a store.
     */
    @Transactional(readOnly = true)
    public Map<UUID, Operator> visible(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Operator> found = new HashMap<>();
        jdbc.sql("select id, email, name, platform_admin, created_at from operator where id = any(?)")
                .param(ids.stream().distinct().toArray(UUID[]::new)).query(Accounts::operator).list()
                .forEach(operator -> found.put(operator.id(), operator));
        return found;
    }

    /** The visible operator with this email, if any (see {@link #visible(Collection)}). */
    @Transactional(readOnly = true)
    public Optional<Operator> visibleByEmail(String email) {
        return jdbc.sql("select id, email, name, platform_admin, created_at from operator where email = ?")
                .param(email).query(Accounts::operator).optional();
    }

    /** The id registered for an email, looked up as at sign-in; for start-up tasks such as the demo seed. */
    public Optional<UUID> registeredId(String email) {
        return jdbc.sql("select id from esm.sign_in_lookup(?)").param(Credentials.email(email)).query(UUID.class)
                .optional();
    }

    /** Sets a new password without the old one, acting for the operator; for start-up tasks only. */
    public void resetPassword(UUID id, String newPassword, String source) {
        String hash = passwords.encode(policy.check(newPassword, self(id).email()));
        ActingOperator.runAs(id, () -> transactions.executeWithoutResult(status -> {
            jdbc.sql("update operator set password_hash = ?, updated_at = now() where id = ?").params(hash, id).update();
            audit.record("account.reset-password", "operator:" + id, source);
        }));
    }

    /**
     * Checks the operator's current password under the sign-in throttle (the same budgets, keyed by the account's
     * email and the client's address), so that the account page is no way around it. Called outside a transaction:
     * the throttle commits its reservation on its own, and the hash is evaluated holding no connection.
     *
     * @return the operator's email
     */
    private String checkPassword(UUID id, String password, String address) {
        record Row(String email, String hash) {
        }
        Row row = transactions.execute(status -> jdbc.sql("select email, password_hash from operator where id = ?")
                .param(id).query((rs, n) -> new Row(rs.getString(1), rs.getString(2))).single());
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.reserve(row.email(), address);
        } catch (LoginThrottle.Refused refused) {
            log.warn("Password check refused for operator {}: too many failed attempts", id);
            throw new AccountException("too-many-attempts", refused.getMessage());
        }
        if (password == null || password.isEmpty() || !passwords.matches(password, row.hash())) {
            log.info("Password check failed for operator {}", id);
            throw AccountException.wrongPassword();
        }
        throttle.succeeded(attempt);
        return row.email();
    }

    static Operator operator(ResultSet rs, int row) throws SQLException {
        return new Operator(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
                rs.getBoolean("platform_admin"), rs.getTimestamp("created_at").toInstant());
    }
}
