package dev.esm.shipping.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.esm.platform.Vault;
import dev.esm.shipping.LabelPurchased;
import dev.esm.shipping.LabelVoided;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Parcel;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.Rate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code shipment} table: one row per order package and label attempt. Each state change is a conditional update
 * (on the state it leaves), so two requests or nodes racing for the same row cannot both win. All calls run inside the
 * caller's transaction.
 */
@Component
public class ShipmentJournal {

    private static final String COLUMNS = """
            id, order_id, store_id, package_no, attempt, reference, state, provider_shipment_id, rates, rate_id,
            carrier, service, amount, currency, tracking_code, label_format, label is not null as label_stored,
            weight_oz, buy_started_at, purchased_at, refund_status, voided_at, last_error, reship_reason,
            """ + TrackingPushJournal.OF_SHIPMENT;

    /** The vault purpose of label files. */
    public static final String LABEL = "shipment-label";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    ShipmentJournal(JdbcClient jdbc, Vault vault, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.events = events;
    }

    /** A shipment with the provider's id, besides what the views show. */
    public record Row(Shipment view, String providerShipmentId) {
        public UUID id() {
            return view.id();
        }

        public State state() {
            return view.state();
        }
    }

    public Optional<Row> live(UUID storeId, UUID orderId, int packageNo) {
        return jdbc.sql("select " + COLUMNS + " from shipment where store_id = ? and order_id = ? and package_no = ? "
                        + "and state <> 'VOIDED'")
                .params(storeId, orderId, packageNo).query((rs, n) -> row(rs)).optional();
    }

    public Optional<Row> get(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from shipment where id = ?").param(id).query((rs, n) -> row(rs))
                .optional();
    }

    public List<Shipment> voided(UUID storeId, UUID orderId) {
        return jdbc.sql("select " + COLUMNS + " from shipment where store_id = ? and order_id = ? and state = 'VOIDED' "
                        + "order by created_at desc").params(storeId, orderId).query((rs, n) -> row(rs).view()).list();
    }

    public int nextAttempt(UUID storeId, UUID orderId, int packageNo) {
        return jdbc.sql("select coalesce(max(attempt), 0) + 1 from shipment where store_id = ? and order_id = ? "
                + "and package_no = ?").params(storeId, orderId, packageNo).query(Integer.class).single();
    }

    /** A new RATED row; false when another live row for the package appeared meanwhile. */
    public boolean insertRated(UUID id, UUID storeId, UUID orderId, int packageNo, int attempt, String reference,
                               UUID shipFromId, Parcel parcel, LabelFormat format, ProviderShipment shipment,
                               String reshipReason) {
        return jdbc.sql("""
                        insert into shipment (id, store_id, order_id, package_no, attempt, reference, state,
                            provider_shipment_id, ship_from_id, weight_oz, length_in, width_in, height_in, label_format,
                            rates, last_error, reship_reason)
                        values (?, ?, ?, ?, ?, ?, 'RATED', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        on conflict do nothing""")
                .params(id, storeId, orderId, packageNo, attempt, reference, shipment.id(), shipFromId,
                        parcel.weightOz(), parcel.lengthIn(), parcel.widthIn(), parcel.heightIn(), format.name(),
                        json.writeValueAsString(shipment.rates()), messages(shipment), reshipReason)
                .update() == 1;
    }

    /** New rates on a RATED row (a new provider shipment); false when the row left RATED meanwhile. */
    public boolean rerate(UUID id, UUID shipFromId, Parcel parcel, LabelFormat format, ProviderShipment shipment,
                          String reshipReason) {
        return jdbc.sql("""
                        update shipment set provider_shipment_id = ?, ship_from_id = ?, weight_oz = ?, length_in = ?,
                            width_in = ?, height_in = ?, label_format = ?, rates = ?::jsonb, rate_id = null,
                            last_error = ?, reship_reason = ?, updated_at = now()
                         where id = ? and state = 'RATED'""")
                .params(shipment.id(), shipFromId, parcel.weightOz(), parcel.lengthIn(), parcel.widthIn(),
                        parcel.heightIn(), format.name(), json.writeValueAsString(shipment.rates()),
                        messages(shipment), reshipReason, id)
                .update() == 1;
    }

    /** The journal entry of a buy, committed before the provider is called; false for the loser of a race. */
    public boolean markBuying(UUID id, String rateId) {
        return jdbc.sql("""
                        update shipment set state = 'BUYING', rate_id = ?, buy_started_at = now(), last_error = null,
                            updated_at = now()
                         where id = ? and state = 'RATED'""").params(rateId, id).update() == 1;
    }

    /** Marks a buying shipment purchased and publishes {@link LabelPurchased} in the same transaction. */
    public boolean markPurchased(UUID id, ProviderShipment bought) {
        Rate rate = bought.selectedRate();
        Optional<LabelPurchased> purchased = jdbc.sql("""
                        update shipment set state = 'PURCHASED', tracking_code = ?, rate_id = coalesce(?, rate_id),
                            carrier = ?, service = ?, amount = ?, currency = ?, purchased_at = now(), last_error = null,
                            updated_at = now()
                         where id = ? and state = 'BUYING'
                        returning id, order_id, store_id, package_no, carrier, service, amount, currency""")
                .params(bought.trackingCode(), rate == null ? null : rate.id(), rate == null ? null : rate.carrier(),
                        rate == null ? null : rate.service(), rate == null ? null : rate.amount(),
                        rate == null ? null : rate.currency(), id)
                .query((rs, n) -> new LabelPurchased(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getBigDecimal(7), rs.getString(8)))
                .optional();
        purchased.ifPresent(events::publishEvent);
        return purchased.isPresent();
    }

    /** Back to RATED: the provider refused the buy, or it is certain it never happened. */
    public boolean release(UUID id, String error) {
        return jdbc.sql("update shipment set state = 'RATED', buy_started_at = null, last_error = ?, updated_at = now() "
                + "where id = ? and state = 'BUYING'").params(error, id).update() == 1;
    }

    public void noteError(UUID id, String error) {
        jdbc.sql("update shipment set last_error = ?, updated_at = now() where id = ?").params(error, id).update();
    }

    /**
     * Stores the label file sealed with the store's data key (it prints the buyer's name and address), bound to this
     * shipment; a label already stored stays.
     */
    public void storeLabel(UUID id, UUID storeId, byte[] label) {
        byte[] sealed = vault.seal(storeId, labelPurpose(id), label);
        jdbc.sql("update shipment set label = ?, label_sealed = true, updated_at = now() where id = ? and label is null")
                .params(sealed, id).update();
    }

    /** The stored label file, opened; one written in clear before version 9 and not sealed yet is returned as it is. */
    public Optional<byte[]> label(UUID id) {
        return jdbc.sql("select store_id, label, label_sealed from shipment where id = ? and label is not null")
                .param(id).query((rs, n) -> new StoredLabel(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getBoolean(3)))
                .optional()
                .map(stored -> stored.sealed() ? vault.open(stored.storeId(), labelPurpose(id), stored.content())
                        : stored.content());
    }

    /**
     * Seals a label written in clear before version 9, in one conditional update: false when there is none (sealed
     * meanwhile by another node, or no label). Needs an acting operator who can see the store.
     */
    public boolean sealClearLabel(UUID id) {
        return jdbc.sql("select store_id, label from shipment where id = ? and label is not null and not label_sealed "
                        + "for update")
                .param(id).query((rs, n) -> new StoredLabel(rs.getObject(1, UUID.class), rs.getBytes(2), false))
                .optional()
                .map(clear -> jdbc.sql("update shipment set label = ?, label_sealed = true where id = ? "
                                + "and not label_sealed")
                        .params(vault.seal(clear.storeId(), labelPurpose(id), clear.content()), id).update() == 1)
                .orElse(false);
    }

    /** A label is bound to its shipment as well as its store: labels cannot be swapped between rows. */
    private static String labelPurpose(UUID shipmentId) {
        return LABEL + ":" + shipmentId;
    }

    private record StoredLabel(UUID storeId, byte[] content, boolean sealed) {
    }

    /** Marks a purchased shipment voided and publishes {@link LabelVoided} in the same transaction. */
    public boolean markVoided(UUID id, String refundStatus) {
        Optional<LabelVoided> voided = jdbc.sql("""
                        update shipment set state = 'VOIDED', refund_status = ?, voided_at = now(), updated_at = now()
                         where id = ? and state = 'PURCHASED'
                        returning id, order_id, store_id, package_no, refund_status""").params(refundStatus, id)
                .query((rs, n) -> new LabelVoided(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getInt(4), rs.getString(5)))
                .optional();
        voided.ifPresent(events::publishEvent);
        return voided.isPresent();
    }

    private static String messages(ProviderShipment shipment) {
        return shipment.messages().isEmpty() ? null : String.join("; ", shipment.messages());
    }

    private Row row(ResultSet rs) throws SQLException {
        List<Rate> rates = json.readValue(rs.getString("rates"), new TypeReference<List<Rate>>() { });
        Shipment view = new Shipment(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getObject("store_id", UUID.class), rs.getInt("package_no"), rs.getInt("attempt"),
                rs.getString("reference"), State.valueOf(rs.getString("state")), rates, rs.getString("rate_id"),
                rs.getString("carrier"), rs.getString("service"), rs.getBigDecimal("amount"), rs.getString("currency"),
                rs.getString("tracking_code"), LabelFormat.valueOf(rs.getString("label_format")),
                rs.getBoolean("label_stored"), rs.getBigDecimal("weight_oz"), instant(rs, "buy_started_at"),
                instant(rs, "purchased_at"), rs.getString("refund_status"), instant(rs, "voided_at"),
                rs.getString("last_error"), TrackingPushJournal.status(rs.getString("push")),
                rs.getString("reship_reason"));
        return new Row(view, rs.getString("provider_shipment_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

}
