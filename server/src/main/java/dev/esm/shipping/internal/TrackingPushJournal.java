package dev.esm.shipping.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.esm.shipping.ShippingViews.PushState;
import dev.esm.shipping.ShippingViews.PushStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code tracking_push} table, the outbox of tracking pushes (ADR 10). A node works a push only while it holds the
 * row's claim: {@code PUSHING}, {@code claimed_by} itself and a lease that has not run out. Every change the job makes
 * is conditional on that claim, so a node that lost it (its lease ran out and another node took the push over) changes
 * nothing. All calls run inside the caller's transaction, on the database's clock.
 */
@Component
public class TrackingPushJournal {

    private static final String PUSH_JSON = """
            json_build_object('id', p.id, 'state', p.state, 'trackingNumber', p.tracking_number,
                'attempts', p.attempts, 'nextAttemptAt', (extract(epoch from p.next_attempt_at) * 1000)::bigint,
                'waiting', p.waiting, 'lastError', p.last_error, 'reference', p.marketplace_reference,
                'answer', p.marketplace_answer, 'pushedAt', (extract(epoch from p.pushed_at) * 1000)::bigint,
                'createdAt', (extract(epoch from p.created_at) * 1000)::bigint,
                'updatedAt', (extract(epoch from p.updated_at) * 1000)::bigint)::text""";

    /** A column for {@link ShipmentJournal}: the shipment's push as JSON (times in epoch milliseconds), or null. */
    static final String OF_SHIPMENT = "(select " + PUSH_JSON + " from tracking_push p where p.shipment_id = shipment.id "
            + "order by p.created_at desc limit 1) as push";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    TrackingPushJournal(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A push claimed by this node. */
    public record Claim(UUID id, UUID storeId, UUID orderId, UUID shipmentId, String trackingNumber, int attempts,
                        boolean maybeSent, Instant sentAt) {
    }

    /** The push of a freshly purchased shipment; false when it already has one. */
    public boolean insert(UUID id, UUID storeId, UUID orderId, UUID shipmentId, String trackingNumber) {
        return jdbc.sql("""
                        insert into tracking_push (id, store_id, order_id, shipment_id, kind, state, tracking_number,
                            next_attempt_at)
                        values (?, ?, ?, ?, 'PUSH', 'PENDING', ?, now())
                        on conflict do nothing""")
                .params(id, storeId, orderId, shipmentId, trackingNumber).update() == 1;
    }

    /** The store of a push the acting operator can see. */
    public Optional<UUID> storeOf(UUID pushId) {
        return jdbc.sql("select store_id from tracking_push where id = ?").param(pushId).query(UUID.class).optional();
    }

    /**
     * Claims a push that is due (pending and due, or claimed by a node whose lease ran out); empty when it is not due
     * or another node claimed it first.
     */
    public Optional<Claim> claim(UUID id, String node, Duration lease) {
        return jdbc.sql("""
                        update tracking_push set state = 'PUSHING', claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                            updated_at = now()
                         where id = ? and ((state = 'PENDING' and next_attempt_at <= now())
                                           or (state = 'PUSHING' and lease_until < now()))
                        returning id, store_id, order_id, shipment_id, tracking_number, attempts, maybe_sent, sent_at""")
                .params(node, lease.toMillis(), id)
                .query((rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6),
                        rs.getBoolean(7), rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
                .optional();
    }

    /** A fresh lease, before a read-back; false when the claim was lost. */
    public boolean renew(UUID id, String node, Duration lease) {
        return jdbc.sql("""
                        update tracking_push set lease_until = now() + ? * interval '1 millisecond', updated_at = now()
                         where id = ? and state = 'PUSHING' and claimed_by = ?""")
                .params(lease.toMillis(), id, node).update() == 1;
    }

    /**
     * The journal entry of a push call, committed before the call: from here on the push may have reached the
     * marketplace until an answer says otherwise. Renews the lease; false when the claim was lost.
     */
    public boolean markSending(UUID id, String node, Duration lease) {
        return jdbc.sql("""
                        update tracking_push set maybe_sent = true, sent_at = now(), attempts = attempts + 1,
                            lease_until = now() + ? * interval '1 millisecond', updated_at = now()
                         where id = ? and state = 'PUSHING' and claimed_by = ?""")
                .params(lease.toMillis(), id, node).update() == 1;
    }

    public boolean succeeded(UUID id, String node, String reference, String answer) {
        return jdbc.sql("""
                        update tracking_push set state = 'SUCCEEDED', marketplace_reference = ?, marketplace_answer = ?,
                            pushed_at = now(), maybe_sent = false, waiting = null, last_error = null, claimed_by = null,
                            lease_until = null, updated_at = now()
                         where id = ? and state = 'PUSHING' and claimed_by = ?""")
                .params(reference, answer, id, node).update() == 1;
    }

    /**
     * Back to PENDING, due after {@code wait}. {@code maybeSent}: whether a call may have reached the marketplace
     * (then the next attempt reads back first); {@code reconnect}: waiting for the store to be reconnected.
     */
    public boolean retryLater(UUID id, String node, Duration wait, boolean maybeSent, boolean reconnect, String error) {
        return jdbc.sql("""
                        update tracking_push set state = 'PENDING', next_attempt_at = now() + ? * interval '1 millisecond',
                            maybe_sent = ?, waiting = ?, last_error = ?, claimed_by = null, lease_until = null,
                            updated_at = now()
                         where id = ? and state = 'PUSHING' and claimed_by = ?""")
                .params(wait.toMillis(), maybeSent, reconnect ? "RECONNECT" : null, error, id, node).update() == 1;
    }

    /** REJECTED (the marketplace refused it) or FAILED (given up), with the reason shown to the operator. */
    public boolean finish(UUID id, String node, PushState state, boolean maybeSent, String error) {
        if (state != PushState.REJECTED && state != PushState.FAILED) {
            throw new IllegalArgumentException("not a final failure: " + state);
        }
        return jdbc.sql("""
                        update tracking_push set state = ?, maybe_sent = ?, waiting = null, last_error = ?,
                            claimed_by = null, lease_until = null, updated_at = now()
                         where id = ? and state = 'PUSHING' and claimed_by = ?""")
                .params(state.name(), maybeSent, error, id, node).update() == 1;
    }

    /** "Retry push": a rejected or failed push becomes due now, with a fresh count of attempts. */
    public boolean retry(UUID id) {
        return jdbc.sql("""
                        update tracking_push set state = 'PENDING', next_attempt_at = now(), attempts = 0, waiting = null,
                            updated_at = now()
                         where id = ? and state in ('REJECTED', 'FAILED')""").param(id).update() == 1;
    }

    /** The label was voided: a push that has not started is given up (the re-ship pushes the new tracking). */
    public int voided(UUID shipmentId) {
        return jdbc.sql("""
                        update tracking_push set state = 'FAILED', waiting = null, updated_at = now(),
                            last_error = 'The label was voided before its tracking was pushed; nothing to push.'
                         where shipment_id = ? and state = 'PENDING' and not maybe_sent""").param(shipmentId).update();
    }

    /** The store was reconnected: its pushes waiting for that are due now; their ids. */
    public List<UUID> reconnected(UUID storeId) {
        return jdbc.sql("""
                        update tracking_push set next_attempt_at = now(), updated_at = now()
                         where store_id = ? and state = 'PENDING' and waiting = 'RECONNECT' returning id""")
                .param(storeId).query(UUID.class).list();
    }

    public Optional<PushStatus> get(UUID id) {
        return jdbc.sql("select " + PUSH_JSON + " as push from tracking_push p where p.id = ?").param(id)
                .query((rs, n) -> status(rs.getString("push"))).optional();
    }

    /** A push's JSON as {@link #OF_SHIPMENT} selects it; null for none. */
    static PushStatus status(String pushJson) {
        if (pushJson == null) {
            return null;
        }
        JsonNode p = JSON.readTree(pushJson);
        return new PushStatus(UUID.fromString(p.path("id").asString()), PushState.valueOf(p.path("state").asString()),
                p.path("trackingNumber").asString(), p.path("attempts").asInt(), millis(p.path("nextAttemptAt")),
                "RECONNECT".equals(text(p.path("waiting"))), text(p.path("lastError")), text(p.path("reference")),
                text(p.path("answer")), millis(p.path("pushedAt")), millis(p.path("createdAt")),
                millis(p.path("updatedAt")));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static Instant millis(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.ofEpochMilli(node.asLong());
    }
}
