package dev.esm.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderFilter;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.OrderPage;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.jobs.Jobs;
import dev.esm.shipping.LabelBatchCommand.StoreChoice;
import dev.esm.shipping.LabelBatchViews.Batch;
import dev.esm.shipping.LabelBatchViews.BatchDetails;
import dev.esm.shipping.LabelBatchViews.BatchResult;
import dev.esm.shipping.LabelBatchViews.Item;
import dev.esm.shipping.LabelBatchViews.Preview;
import dev.esm.shipping.LabelBatchViews.Skipped;
import dev.esm.shipping.LabelBatchViews.StoreChoices;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Document;
import dev.esm.shipping.ShippingViews.Settings;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.internal.LabelBatchJob;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Label batches: many orders, one label each with the store's default service, bought by the batch workers on any
 * node ({@link LabelBatchJob} on the job facility); progress and failures read from the database; failed items re-queued on request;
 * all bought labels as one PDF. A batch belongs to the operator who started it (row-level security): another
 * operator gets "not found" for it, its items and its labels.
 */
@Service
public class LabelBatches {

    /** 4x6 in at 72 pt per inch: the page of a label drawn from an image. */
    private static final PDRectangle FOUR_BY_SIX = new PDRectangle(288, 432);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final OrderQueries orders;
    private final ShippingSettings settings;
    private final ShipmentQueries shipments;
    private final TransactionTemplate transactions;
    private final LabelBatchProperties properties;
    private final AuditTrail audit;
    private final Jobs jobs;

    LabelBatches(JdbcClient jdbc, OrderQueries orders, ShippingSettings settings, ShipmentQueries shipments,
                 TransactionTemplate transactions, LabelBatchProperties properties, AuditTrail audit,
                 Jobs jobs) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.settings = settings;
        this.shipments = shipments;
        this.transactions = transactions;
        this.properties = properties;
        this.audit = audit;
        this.jobs = jobs;
    }

    /**
     * The orders matching an orders-page filter, newest first, at most {@code esm.shipping.batch.max-orders}. Without
     * a status in the filter, "all matching orders" means those awaiting shipment by the seller (ADR 0019); with an
     * explicit status, all of that status (the batch still skips those it must not ship, with the reason).
     */
    public List<UUID> matching(OrderFilter filter) {
        List<UUID> ids = new ArrayList<>();
        String after = null;
        do {
            OrderPage page = orders.list(new OrderFilter(filter.storeId(), filter.marketplace(), filter.status(),
                    filter.shipByFrom(), filter.shipByTo(), filter.late(), filter.atRisk(), filter.query(),
                    OrderFilter.MAX_LIMIT, after));
            for (OrderSummary o : page.items()) {
                if (ids.size() < properties.maxOrders()
                        && (filter.status() != null || ShippingGuardrails.awaitingShipment(o))) {
                    ids.add(o.id());
                }
            }
            after = page.next();
        } while (after != null && ids.size() < properties.maxOrders());
        return ids;
    }

    /** The stores of the selected orders, with their ship-from addresses and packages, and what keeps them from a batch. */
    public List<StoreChoices> choices(List<UUID> orderIds) {
        Map<UUID, List<OrderSummary>> byStore = byStore(preview(orderIds).toBuy());
        List<StoreChoices> out = new ArrayList<>();
        byStore.forEach((storeId, list) -> {
            Settings s = settings.get(storeId);
            out.add(new StoreChoices(storeId, s.storeName(), list.size(), s.defaultService(), s.addresses(),
                    s.packages(), s.defaultPackageId(), problems(s)));
        });
        return out;
    }

    /**
     * What a batch over these orders would do, before it starts: the orders it buys for, and those it skips with the
     * reason (cancelled, cancel requested, on hold, shipped by the marketplace, already shipped: ADR 0019).
     */
    public Preview preview(List<UUID> orderIds) {
        List<UUID> toBuy = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        byStore(orderIds).values().forEach(list -> list.forEach(o -> ShippingGuardrails.refusal(o, false)
                .ifPresentOrElse(r -> skipped.add(new Skipped(o.id(), o.marketplaceOrderId(), r.code(), r.message())),
                        () -> toBuy.add(o.id()))));
        // selection order, as the batch's items
        List<UUID> ordered = orderIds.stream().distinct().filter(toBuy::contains).toList();
        return new Preview(ordered, List.copyOf(skipped));
    }

    /**
     * Starts a batch: leaves out the orders that must not be shipped (listed on the batch with the reason), checks
     * every store of the others is ready, writes the batch and its items, wakes the workers.
     */
    public Batch start(LabelBatchCommand command, String source) {
        if (command.orderIds().size() > properties.maxOrders()) {
            throw ShippingException.invalid("too-many-orders",
                    "A batch takes at most " + properties.maxOrders() + " orders.");
        }
        UUID operator = ActingOperator.current().orElseThrow();
        Preview preview = preview(command.orderIds());
        if (preview.toBuy().isEmpty()) {
            throw new ShippingException(Kind.CONFLICT, "nothing-to-ship", "None of the selected orders may be shipped: "
                    + preview.skipped().stream().map(s -> s.marketplaceOrderId() + " (" + s.code() + ")")
                    .limit(20).reduce((a, b) -> a + ", " + b).orElse("no orders") + ".");
        }
        Map<UUID, List<OrderSummary>> byStore = byStore(preview.toBuy());
        Map<UUID, StoreChoice> chosen = new LinkedHashMap<>();
        byStore.forEach((storeId, list) -> {
            Settings s = settings.get(storeId);
            List<String> problems = problems(s);
            if (!problems.isEmpty()) {
                throw new ShippingException(Kind.CONFLICT, "store-not-ready", s.storeName() + ": "
                        + String.join("; ", problems));
            }
            StoreChoice choice = command.choices().get(storeId);
            UUID shipFrom = choice != null && choice.shipFromId() != null ? choice.shipFromId()
                    : s.defaultAddress().id();
            UUID box = choice != null && choice.packageId() != null ? choice.packageId()
                    : s.defaultPackage() != null ? s.defaultPackage().id() : s.packages().get(0).id();
            if (s.addresses().stream().noneMatch(a -> a.id().equals(shipFrom))) {
                throw ShippingException.notFound("ship-from-address");
            }
            if (s.packages().stream().noneMatch(p -> p.id().equals(box))) {
                throw ShippingException.notFound("package");
            }
            chosen.put(storeId, new StoreChoice(shipFrom, box));
        });
        Map<UUID, OrderSummary> summaries = new LinkedHashMap<>();
        byStore.values().forEach(list -> list.forEach(o -> summaries.put(o.id(), o)));
        UUID batchId = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("insert into label_batch (id, operator_id, total, skipped) values (?, ?, ?, ?::jsonb)")
                    .params(batchId, operator, preview.toBuy().size(), JSON.writeValueAsString(preview.skipped()))
                    .update();
            int position = 0;
            for (UUID orderId : preview.toBuy()) {
                OrderSummary o = summaries.get(orderId);
                StoreChoice c = chosen.get(o.storeId());
                UUID itemId = UUID.randomUUID();
                jdbc.sql("""
                                insert into label_batch_item (id, batch_id, position, order_id, marketplace_order_id,
                                    store_id, ship_from_id, package_id) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(itemId, batchId, ++position, orderId, o.marketplaceOrderId(), o.storeId(),
                                c.shipFromId(), c.packageId())
                        .update();
                jobs.enqueue(LabelBatchJob.KIND, itemId, operator);
            }
            audit.record("shipping.label-batch-started", "label-batch:" + batchId, source);
        });
        return batch(batchId);
    }

    /**
     * The batch with its counts. A batch none of whose items the operator can see any more (they are all of stores
     * whose grant was revoked: row-level security hides such items) is not found.
     */
    public Batch batch(UUID batchId) {
        return transactions.execute(tx -> jdbc.sql("""
                        select b.id, b.state, b.total, b.rate_limited, b.created_at, b.finished_at, b.skipped,
                               count(*) filter (where i.state = 'QUEUED') as queued,
                               count(*) filter (where i.state = 'WORKING') as working,
                               count(*) filter (where i.state = 'PURCHASED') as purchased,
                               count(*) filter (where i.state = 'FAILED') as failed
                          from label_batch b left join label_batch_item i on i.batch_id = b.id
                         where b.id = ?
                         group by b.id
                        having count(i.id) > 0""").param(batchId).query((rs, n) -> batch(rs)).optional()
                .orElseThrow(() -> ShippingException.notFound("label-batch")));
    }

    /** The operator's recent batches, newest first. */
    public List<Batch> recent(int limit) {
        return transactions.execute(tx -> jdbc.sql("""
                        select b.id from label_batch b
                         where exists (select 1 from label_batch_item i where i.batch_id = b.id)
                         order by b.created_at desc limit ?""")
                .param(limit).query(UUID.class).list()).stream().map(this::batch).toList();
    }

    public BatchDetails details(UUID batchId) {
        return new BatchDetails(batch(batchId), items(batchId, "FAILED"));
    }

    /** The batch's items in selection order, all or those in one state. */
    public List<Item> items(UUID batchId, String state) {
        batch(batchId);
        return transactions.execute(tx -> jdbc.sql("""
                        select i.position, i.order_id, i.marketplace_order_id, i.store_id, i.state, i.shipment_id,
                               s.tracking_code, i.message, i.attempts, s.service, s.amount, s.currency,
                               (select p.state from tracking_push p where p.shipment_id = s.id
                                 order by p.created_at desc limit 1) as push_state
                          from label_batch_item i left join shipment s on s.id = i.shipment_id
                         where i.batch_id = ? and (?::text is null or i.state = ?::text)
                         order by i.position""").params(batchId, state, state)
                .query((rs, n) -> new Item(rs.getInt(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7),
                        rs.getString(8), rs.getInt(9), rs.getString(10), rs.getBigDecimal(11), rs.getString(12),
                        rs.getString(13)))
                .list());
    }

    /** Every order of the batch with its label's tracking, cost and push, and the postage of the labels bought. */
    public BatchResult result(UUID batchId) {
        Batch batch = batch(batchId);
        List<Item> all = items(batchId, null);
        Map<String, BigDecimal> postage = new java.util.TreeMap<>();
        all.stream().filter(i -> "PURCHASED".equals(i.state()) && i.amount() != null)
                .forEach(i -> postage.merge(i.currency() == null ? "USD" : i.currency(), i.amount(), BigDecimal::add));
        return new BatchResult(batch, all, postage);
    }

    /** The orders of the batch whose label was bought, in selection order (for their packing slips). */
    public List<UUID> purchasedOrders(UUID batchId) {
        List<UUID> bought = items(batchId, "PURCHASED").stream().map(Item::orderId).toList();
        if (bought.isEmpty()) {
            throw new ShippingException(Kind.NOT_FOUND, "label-not-found", "This batch has no bought labels yet.");
        }
        return bought;
    }

    /** Puts the failed items back in the queue (only those); the others keep their labels. */
    public Batch retryFailed(UUID batchId, String source) {
        batch(batchId);
        int requeued = transactions.execute(tx -> {
            List<UUID> failed = jdbc.sql("""
                            update label_batch_item set state = 'QUEUED', available_at = now(), attempts = 0,
                                updated_at = now()
                             where batch_id = ? and state = 'FAILED' returning id""").param(batchId).query(UUID.class)
                    .list();
            UUID operator = ActingOperator.current().orElseThrow();
            for (UUID itemId : failed) {
                if (!jobs.requeue(LabelBatchJob.KIND, itemId)) {
                    jobs.enqueue(LabelBatchJob.KIND, itemId, operator);
                }
            }
            int n = failed.size();
            if (n > 0) {
                jdbc.sql("update label_batch set state = 'RUNNING', finished_at = null where id = ?").param(batchId)
                        .update();
                audit.record("shipping.label-batch-retried", "label-batch:" + batchId, source);
            }
            return n;
        });
        if (requeued == 0) {
            throw new ShippingException(Kind.CONFLICT, "nothing-to-retry", "This batch has no failed labels.");
        }
        return batch(batchId);
    }

    /**
     * Every bought label of the batch in selection order as one PDF: PDF labels merged page by page, PNG labels drawn
     * on a 4x6 page each. ZPL labels cannot be merged into a PDF and are left out.
     */
    public Document labels(UUID batchId) {
        List<UUID> bought = items(batchId, "PURCHASED").stream().map(Item::shipmentId)
                .filter(java.util.Objects::nonNull).toList();
        if (bought.isEmpty()) {
            throw new ShippingException(Kind.NOT_FOUND, "label-not-found", "This batch has no bought labels yet.");
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDFMergerUtility merger = new PDFMergerUtility();
            merger.setDestinationStream(out);
            for (UUID shipmentId : bought) {
                Document label = shipments.label(shipmentId);
                if (label.contentType().equals(LabelFormat.PDF.contentType())) {
                    merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(label.content()));
                } else if (label.contentType().equals(LabelFormat.PNG.contentType())) {
                    merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(pngPage(label.content())));
                }
            }
            merger.mergeDocuments(org.apache.pdfbox.io.IOUtils.createMemoryOnlyStreamCache());
            return new Document("labels-" + batchId + ".pdf", LabelFormat.PDF.contentType(), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pngPage(byte[] png) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(FOUR_BY_SIX);
            doc.addPage(page);
            PDImageXObject image = PDImageXObject.createFromByteArray(doc, png, "label.png");
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawImage(image, 0, 0, FOUR_BY_SIX.getWidth(), FOUR_BY_SIX.getHeight());
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private Map<UUID, List<OrderSummary>> byStore(List<UUID> orderIds) {
        Map<UUID, List<OrderSummary>> byStore = new LinkedHashMap<>();
        transactions.executeWithoutResult(tx -> {
            for (UUID id : orderIds) {
                OrderSummary o;
                try {
                    o = orders.summary(id);
                } catch (OrderException e) {
                    throw ShippingException.notFound("order");
                }
                byStore.computeIfAbsent(o.storeId(), k -> new ArrayList<>()).add(o);
            }
        });
        return byStore;
    }

    private static List<String> problems(Settings s) {
        List<String> problems = new ArrayList<>();
        if (!s.apiKeySet()) {
            problems.add("no shipping provider API key");
        }
        if (s.defaultService() == null) {
            problems.add("no default service");
        }
        if (s.addresses().isEmpty()) {
            problems.add("no ship-from address");
        }
        if (s.packages().isEmpty()) {
            problems.add("no package preset");
        }
        return problems;
    }

    private static Batch batch(ResultSet rs) throws SQLException {
        return new Batch(rs.getObject("id", UUID.class), rs.getString("state"), rs.getInt("total"),
                rs.getInt("queued"), rs.getInt("working"), rs.getInt("purchased"), rs.getInt("failed"),
                rs.getInt("rate_limited"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("finished_at")),
                JSON.readValue(rs.getString("skipped"), new TypeReference<List<Skipped>>() { }));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
