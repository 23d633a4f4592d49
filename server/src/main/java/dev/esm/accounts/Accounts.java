package dev.esm.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
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

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;

/** Signing up and changing one's own account. Every method acts for the operator it changes. */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Creates an operator; never a platform admin. */
    public Operator signUp(String email, String name, String password, String source) {
        String normalizedEmail = Credentials.email(email);
        String cleanName = Credentials.name(name);
        String hash = passwords.encode(Credentials.newPassword(password));
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

    @Transactional
    public Operator changeEmail(UUID id, String email, String currentPassword, String source) {
        String normalized = Credentials.email(email);
        checkPassword(id, currentPassword);
        try {
            jdbc.sql("update operator set email = ?, updated_at = now() where id = ?").params(normalized, id).update();
        } catch (DuplicateKeyException e) {
            throw AccountException.emailTaken();
        }
        audit.record("account.change-email", "operator:" + id, source);
        return self(id);
    }

    /** Changes the password and ends the operator's other sessions. */
    @Transactional
    public void changePassword(UUID id, String currentPassword, String newPassword, String currentSessionId,
                               String source) {
        checkPassword(id, currentPassword);
        String hash = passwords.encode(Credentials.newPassword(newPassword));
        jdbc.sql("update operator set password_hash = ?, updated_at = now() where id = ?").params(hash, id).update();
        jdbc.sql("delete from spring_session where principal_name = ? and session_id is distinct from ?")
                .params(id.toString(), currentSessionId).update();
        audit.record("account.change-password", "operator:" + id, source);
    }

    /** The id registered for an email, looked up as at sign-in; for start-up tasks such as the demo seed. */
    public Optional<UUID> registeredId(String email) {
        return jdbc.sql("select id from esm.sign_in_lookup(?)").param(Credentials.email(email)).query(UUID.class)
                .optional();
    }

    /** Sets a new password without the old one, acting for the operator; for start-up tasks only. */
    public void resetPassword(UUID id, String newPassword, String source) {
        String hash = passwords.encode(Credentials.newPassword(newPassword));
        ActingOperator.runAs(id, () -> transactions.executeWithoutResult(status -> {
            jdbc.sql("update operator set password_hash = ?, updated_at = now() where id = ?").params(hash, id).update();
            audit.record("account.reset-password", "operator:" + id, source);
        }));
    }

    private void checkPassword(UUID id, String password) {
        String hash = jdbc.sql("select password_hash from operator where id = ?").param(id).query(String.class).single();
        if (password == null || !passwords.matches(password, hash)) {
            throw AccountException.wrongPassword();
        }
    }

    static Operator operator(ResultSet rs, int row) throws SQLException {
        return new Operator(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
                rs.getBoolean("platform_admin"), rs.getTimestamp("created_at").toInstant());
    }
}
