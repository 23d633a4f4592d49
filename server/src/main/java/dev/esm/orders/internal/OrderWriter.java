package dev.esm.orders.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.Charges;
import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.orders.OrderChanged;
import dev.esm.orders.OrderImported;
import dev.esm.shared.OrderStatus;
import dev.esm.platform.Vault;

/**
 * Writes one page of orders of one store, inside the caller's transaction, in one statement for all four tables.
 * An order whose content is unchanged is not written at all; a changed one is updated in place, its lines replaced,
 * its buyer re-sealed (unless privacy removed it: a tombstone is never overwritten, ADR 32) and its status change
 * recorded. Keyed by (store, marketplace order id), so repeating a page changes
 * nothing. Each order written publishes {@link OrderImported} (new) or {@link OrderChanged} (rewritten) in the same
 * transaction, so listeners hear of it once the page committed, and of nothing a rolled-back page held (ADR 24).
 */
@Component
public class OrderWriter {

    public static final String BUYER = "order-buyer";
    public static final String BUYER_NAME = "buyer-name";
    /** Joins an order's SKUs into one array element (U+001F, the unit separator, never appears in a SKU). */
    private static final String SKU_SEPARATOR = "\u001f";
    private static final HexFormat HEX = HexFormat.of();
    /** Text columns of each table's rows after the order id (see the statement in {@link #write}). */
    private static final int LINE_COLUMNS = 17;
    private static final int BUYER_COLUMNS = 3;
    private static final int STATUS_COLUMNS = 3;

    private final JdbcClient jdbc;
    private final Vault vault;
    private final ApplicationEventPublisher events;
    private final JsonMapper json = JsonMapper.builder().build();

    OrderWriter(JdbcClient jdbc, Vault vault, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.events = events;
    }

    /** @return how many orders of the page were new or changed */
    public int write(UUID storeId, List<MarketplaceOrder> orders) {
        if (orders.isEmpty()) {
            return 0;
        }
        Map<String, Existing> existing = existing(storeId, orders);
        Columns orderRows = new Columns();
        Columns lineRows = new Columns();
        Columns buyerRows = new Columns();
        Columns statusRows = new Columns();
        List<UUID> buyerGone = new ArrayList<>();
        List<Object> written = new ArrayList<>();
        Instant now = Instant.now();
        for (MarketplaceOrder order : orders) {
            byte[] hash = contentHash(order);
            Existing before = existing.get(order.marketplaceOrderId());
            if (before != null && Arrays.equals(before.hash(), hash)) {
                continue;
            }
            UUID id = before == null ? UUID.randomUUID() : before.id();
            if (before != null) {
                written.add(new OrderChanged(id, storeId, OrderStatus.valueOf(before.status()), order.status(),
                        now));
            } else {
                written.add(new OrderImported(id, storeId, order.status()));
            }
            MarketplaceOrder.Details details = order.details();
            orderRows.add(id, concat(new String[] {order.marketplaceOrderId(), order.status().name(),
                    order.marketplaceStatus(), text(order.orderedAt()), text(order.shipBy()), text(order.deliverBy()),
                    text(order.lastModifiedAt()), order.currency(), text(order.total()), skus(order),
                    HEX.formatHex(hash), details.fulfilledBy().name(), details.requestedService(),
                    details.flags().stream().map(Enum::name).sorted().collect(Collectors.joining(" "))},
                    texts(details.charges())));
            for (MarketplaceOrder.Line line : order.lines()) {
                lineRows.add(id, concat(new String[] {line.lineNumber(), line.sku(), line.title(),
                        Integer.toString(line.quantity()),
                        text(line.unitPrice() == null ? BigDecimal.ZERO : line.unitPrice()), line.status(),
                        Boolean.toString(line.unitPriceDerived()), line.variation(), line.condition()},
                        texts(line.charges())));
            }
            if (before != null && before.buyerRemoved()) {
                // removed for good (privacy's tombstone): the marketplace's copy is never written again
            } else if (order.buyer() != null) {
                buyerRow(buyerRows, storeId, id, order.buyer());
            } else if (before != null) {
                buyerGone.add(id);
            }
            if (before == null || !before.status().equals(order.status().name())) {
                statusRows.add(id, text(order.lastModifiedAt()), order.status().name(), order.marketplaceStatus());
            }
        }
        if (orderRows.isEmpty()) {
            return 0;
        }
        List<UUID> rewritten = written.stream().filter(OrderChanged.class::isInstance).map(OrderChanged.class::cast)
                .map(OrderChanged::orderId).toList();
        if (!rewritten.isEmpty()) {
            // a rewritten order's lines are replaced: the old ones go first, in a statement of its own
            jdbc.sql("delete from order_line where order_id = any(?)").param(rewritten.toArray(UUID[]::new)).update();
        }
        if (!buyerGone.isEmpty()) {
            // the marketplace no longer sends this order's buyer; a tombstone stays
            jdbc.sql("delete from order_buyer where order_id = any(?) and removed_at is null")
                    .param(buyerGone.toArray(UUID[]::new)).update();
        }
        // The whole page in one statement, each table's rows passed as arrays (far less binding and parsing than a
        // row per statement, and one round trip instead of four). The inserts are data-modifying CTEs: all run to
        // completion, and the foreign keys of lines, buyers and status changes are checked at the statement's end,
        // when the page's orders exist.
        List<Object> parameters = new ArrayList<>();
        parameters.addAll(Arrays.asList(orderRows.parameters(storeId)));
        parameters.addAll(Arrays.asList(lineRows.parameters(storeId, LINE_COLUMNS)));
        parameters.addAll(Arrays.asList(buyerRows.parameters(storeId, BUYER_COLUMNS)));
        parameters.addAll(Arrays.asList(statusRows.parameters(storeId, STATUS_COLUMNS)));
        jdbc.sql("""
                with orders as (
                insert into customer_order (id, store_id, marketplace_order_id, status, marketplace_status,
                    ordered_at, ship_by, deliver_by, marketplace_updated_at, currency, total, skus, content_hash,
                    fulfilled_by, requested_service, flags, item_subtotal, shipping_charged, seller_tax,
                    marketplace_tax, discount, marketplace_fees, refunded, payout)
                select r.id, ?::uuid, r.order_id, r.status, r.marketplace_status, r.ordered_at::timestamptz,
                       r.ship_by::timestamptz, r.deliver_by::timestamptz, r.updated_at::timestamptz, r.currency,
                       r.total::numeric, string_to_array(r.skus, E'\\x1f'), decode(r.hash, 'hex'),
                       r.fulfilled_by, r.requested_service, string_to_array(r.flags, ' '), r.c0::numeric,
                       r.c1::numeric, r.c2::numeric, r.c3::numeric, r.c4::numeric, r.c5::numeric, r.c6::numeric,
                       r.c7::numeric
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       as r(id, order_id, status, marketplace_status, ordered_at, ship_by, deliver_by, updated_at,
                            currency, total, skus, hash, fulfilled_by, requested_service, flags,
                            c0, c1, c2, c3, c4, c5, c6, c7)
                on conflict (store_id, marketplace_order_id) do update set
                    status = excluded.status, marketplace_status = excluded.marketplace_status,
                    ordered_at = excluded.ordered_at, ship_by = excluded.ship_by,
                    deliver_by = excluded.deliver_by, marketplace_updated_at = excluded.marketplace_updated_at,
                    currency = excluded.currency, total = excluded.total, skus = excluded.skus,
                    content_hash = excluded.content_hash, fulfilled_by = excluded.fulfilled_by,
                    requested_service = excluded.requested_service, flags = excluded.flags,
                    item_subtotal = excluded.item_subtotal, shipping_charged = excluded.shipping_charged,
                    seller_tax = excluded.seller_tax, marketplace_tax = excluded.marketplace_tax,
                    discount = excluded.discount, marketplace_fees = excluded.marketplace_fees,
                    refunded = excluded.refunded, payout = excluded.payout, updated_at = now()
                returning 1),
                lines as (
                insert into order_line (order_id, store_id, line_number, sku, title, quantity, unit_price, status,
                    unit_price_derived, variation, condition, item_subtotal, shipping_charged, seller_tax,
                    marketplace_tax, discount, marketplace_fees, refunded, payout)
                select r.order_id, ?::uuid, r.line_number, r.sku, r.title, r.quantity::integer, r.unit_price::numeric,
                       r.status, r.derived::boolean, r.variation, r.condition, r.c0::numeric, r.c1::numeric,
                       r.c2::numeric, r.c3::numeric, r.c4::numeric, r.c5::numeric, r.c6::numeric, r.c7::numeric
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[])
                       as r(order_id, line_number, sku, title, quantity, unit_price, status, derived, variation,
                            condition, c0, c1, c2, c3, c4, c5, c6, c7)
                returning 1),
                buyers as (
                insert into order_buyer (order_id, store_id, sealed, name_index, account_index)
                select r.order_id, ?::uuid, decode(r.sealed, 'base64'), string_to_array(r.name_index, ' '),
                       string_to_array(r.account_index, ' ')
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as r(order_id, sealed, name_index, account_index)
                on conflict (order_id) do update set sealed = excluded.sealed, name_index = excluded.name_index,
                    account_index = excluded.account_index
                 where order_buyer.removed_at is null
                returning 1),
                changes as (
                insert into order_status_change (order_id, store_id, at, status, marketplace_status)
                select r.order_id, ?::uuid, r.at::timestamptz, r.status, r.marketplace_status
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as r(order_id, at, status, marketplace_status)
                returning 1)
                select (select count(*) from orders)""")
                .params(parameters).query(Long.class).single();
        written.forEach(events::publishEvent);
        return orderRows.size();
    }

    private Map<String, Existing> existing(UUID storeId, List<MarketplaceOrder> orders) {
        String[] ids = orders.stream().map(MarketplaceOrder::marketplaceOrderId).toArray(String[]::new);
        Map<String, Existing> existing = new HashMap<>();
        jdbc.sql("""
                        select o.marketplace_order_id, o.id, o.content_hash, o.status, b.removed_at is not null
                          from customer_order o left join order_buyer b on b.order_id = o.id
                         where o.store_id = ? and o.marketplace_order_id = any(?)""")
                .params(storeId, ids)
                .query(rs -> {
                    existing.put(rs.getString(1), new Existing(rs.getObject(2, UUID.class), rs.getBytes(3),
                            rs.getString(4), rs.getBoolean(5)));
                });
        return existing;
    }

    private static String skus(MarketplaceOrder order) {
        return order.lines().stream().map(MarketplaceOrder.Line::sku).filter(s -> s != null).distinct()
                .collect(Collectors.joining(SKU_SEPARATOR));
    }

    private void buyerRow(Columns rows, UUID storeId, UUID orderId, MarketplaceOrder.Buyer buyer) {
        byte[] sealed = vault.seal(storeId, BUYER, json.writeValueAsBytes(buyer));
        String index = BuyerNames.words(buyer.name()).stream()
                .map(word -> vault.blindIndex(storeId, BUYER_NAME, word)).collect(Collectors.joining(" "));
        // the buyer's marketplace account as keyed hashes only (ADR 33): what an account deletion notice is matched by
        String accounts = buyer.accounts().stream()
                .map(account -> vault.blindIndex(storeId, MarketplaceOrder.Buyer.ACCOUNT_INDEX, account))
                .collect(Collectors.joining(" "));
        rows.add(orderId, Base64.getEncoder().encodeToString(sealed), index, accounts);
    }

    /** SHA-256 over everything ESM keeps of an order, so an unchanged order is recognised without reading it. */
    static byte[] contentHash(MarketplaceOrder order) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder()
                    .append(order.status()).append('|').append(order.marketplaceStatus()).append('|')
                    .append(order.orderedAt()).append('|').append(order.shipBy()).append('|')
                    .append(order.deliverBy()).append('|').append(order.lastModifiedAt()).append('|')
                    .append(order.currency()).append('|').append(order.total() == null ? "" : order.total().toPlainString())
                    .append('|').append(order.details().fulfilledBy()).append('|')
                    .append(order.details().requestedService()).append('|')
                    .append(new java.util.TreeSet<>(order.details().flags())).append('|')
                    .append(String.join(",", texts(order.details().charges())));
            for (MarketplaceOrder.Line line : order.lines()) {
                text.append('|').append(line.lineNumber()).append(',').append(line.sku()).append(',')
                        .append(line.title()).append(',').append(line.quantity()).append(',')
                        .append(line.unitPrice() == null ? "" : line.unitPrice().toPlainString()).append(',')
                        .append(line.status()).append(',').append(line.unitPriceDerived()).append(',')
                        .append(line.variation()).append(',').append(line.condition()).append(',')
                        .append(String.join(",", texts(line.charges())));
            }
            MarketplaceOrder.Buyer b = order.buyer();
            if (b != null) {
                text.append("|buyer:").append(String.join("\u0001", String.valueOf(b.name()), String.valueOf(b.address1()),
                        String.valueOf(b.address2()), String.valueOf(b.city()), String.valueOf(b.state()),
                        String.valueOf(b.postalCode()), String.valueOf(b.country()), String.valueOf(b.phone()),
                        String.valueOf(b.giftMessage())));
                if (!b.accounts().isEmpty()) {
                    // only when given (eBay), so other marketplaces' hashes stay as they were
                    text.append("|accounts:").append(String.join("\u0001", b.accounts()));
                }
            }
            return sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] texts(Charges charges) {
        BigDecimal[] parts = charges.parts();
        String[] texts = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            texts[i] = text(parts[i]);
        }
        return texts;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String text(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private record Existing(UUID id, byte[] hash, String status, boolean buyerRemoved) {
    }

    /**
     * Rows of one table gathered column by column: the first column holds ids, the rest text, each passed to
     * {@code unnest} as one array parameter after the store id.
     */
    private static final class Columns {
        private final List<UUID> ids = new ArrayList<>();
        private final List<List<String>> texts = new ArrayList<>();

        void add(UUID id, String... values) {
            if (ids.isEmpty()) {
                for (String ignored : values) {
                    texts.add(new ArrayList<>());
                }
            } else if (values.length != texts.size()) {
                throw new IllegalArgumentException("Expected " + texts.size() + " columns, got " + values.length);
            }
            ids.add(id);
            for (int i = 0; i < values.length; i++) {
                texts.get(i).add(values[i]);
            }
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }

        int size() {
            return ids.size();
        }

        Object[] parameters(UUID storeId) {
            return parameters(storeId, texts.size());
        }

        /** As {@link #parameters(UUID)}; {@code columns} text arrays (empty ones for a table with no rows). */
        Object[] parameters(UUID storeId, int columns) {
            if (!ids.isEmpty() && columns != texts.size()) {
                throw new IllegalArgumentException("Expected " + columns + " columns, have " + texts.size());
            }
            Object[] parameters = new Object[columns + 2];
            parameters[0] = storeId;
            parameters[1] = ids.toArray(UUID[]::new);
            for (int i = 0; i < columns; i++) {
                parameters[i + 2] = ids.isEmpty() ? new String[0] : texts.get(i).toArray(String[]::new);
            }
            return parameters;
        }
    }
}
