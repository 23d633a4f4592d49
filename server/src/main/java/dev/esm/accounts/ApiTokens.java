package dev.esm.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;

/**
 * Personal API tokens: 256 random bits, shown once when created, stored only as their SHA-256 (a fast hash suits a
 * random secret; there is nothing to guess).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "esm_";
    private static final SecureRandom random = new SecureRandom();
    /** How often a token's {@code last_used_at} is written: at most once a minute per token (and per node). */
    private static final long TOUCH_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int TOUCHED_MAX = 10_000;

    /**
     * When this node last wrote each token's {@code last_used_at} (System.nanoTime): a request with a token touched
     * less than a minute ago skips that write transaction (three round trips of every API request).
     */
    private final Map<UUID, Long> touched = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    ApiTokens(JdbcClient jdbc, AuditTrail audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** A token as listed: never the token itself. */
    public record ApiToken(UUID id, String name, String hint, Instant createdAt, Instant lastUsedAt) {
    }

    /** A new token with its secret, to be shown exactly once. */
    public record NewToken(ApiToken token, String secret) {
    }

    @Transactional
    public NewToken create(UUID operatorId, String name, String source) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new AccountException("invalid-token-name", "Name the token (1 to 100 characters).");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        String hint = secret.substring(secret.length() - 4);
        jdbc.sql("insert into api_token (id, operator_id, name, token_hash, hint) values (?, ?, ?, ?, ?)")
                .params(id, operatorId, cleanName, hash(secret), hint).update();
        audit.record("api-token.create", "api-token:" + id, source);
        return new NewToken(list(operatorId).stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> list(UUID operatorId) {
        return jdbc.sql("""
                        select id, name, hint, created_at, last_used_at from api_token
                         where operator_id = ? order by created_at desc""")
                .param(operatorId)
                .query((rs, n) -> new ApiToken(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    @Transactional
    public boolean revoke(UUID operatorId, UUID tokenId, String source) {
        boolean revoked = jdbc.sql("delete from api_token where id = ? and operator_id = ?")
                .params(tokenId, operatorId).update() == 1;
        if (revoked) {
            audit.record("api-token.revoke", "api-token:" + tokenId, source);
        }
        return revoked;
    }

    /** Ends all of the operator's tokens, as when its password changes. */
    @Transactional
    public int revokeAll(UUID operatorId, String source) {
        int revoked = jdbc.sql("delete from api_token where operator_id = ?").param(operatorId).update();
        if (revoked > 0) {
            audit.record("api-token.revoke-all", "operator:" + operatorId, source);
        }
        return revoked;
    }

    /** The operator a presented token belongs to. */
    public Optional<OperatorPrincipal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        record Match(UUID tokenId, OperatorPrincipal principal) {
        }
        Optional<Match> match = jdbc
                .sql("select token_id, id, email, name, platform_admin from esm.api_token_lookup(?)")
                .param(hash(secret))
                .query((rs, n) -> new Match(rs.getObject(1, UUID.class), new OperatorPrincipal(
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getBoolean(5))))
                .optional();
        match.ifPresent(m -> touch(m.tokenId(), m.principal().operatorId()));
        return match.map(Match::principal);
    }

    /** Records the token's use, unless this node did so less than a minute ago (the database checks too). */
    private void touch(UUID tokenId, UUID operatorId) {
        long now = System.nanoTime();
        Long last = touched.get(tokenId);
        if (last != null && now - last < TOUCH_NANOS) {
            return;
        }
        if (touched.size() >= TOUCHED_MAX) {
            touched.clear();
        }
        touched.put(tokenId, now);
        ActingOperator.runAs(operatorId, () -> transactions.executeWithoutResult(status -> jdbc.sql("""
                        update api_token set last_used_at = now()
                         where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')""")
                .param(tokenId).update()));
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
