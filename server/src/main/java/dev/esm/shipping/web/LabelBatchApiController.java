package dev.esm.shipping.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderFilter;
import dev.esm.platform.LiveStreams;
import dev.esm.shipping.LabelBatchCommand;
import dev.esm.shipping.LabelBatchCommand.StoreChoice;
import dev.esm.shipping.LabelBatchViews.Batch;
import dev.esm.shipping.LabelBatchViews.BatchDetails;
import dev.esm.shipping.LabelBatchViews.Item;
import dev.esm.shipping.LabelBatchViews;
import dev.esm.shipping.LabelBatches;
import dev.esm.shipping.ShippingException;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Document;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/v1/label-batches}: start a batch (order ids, or the orders matching an orders filter), read its progress
 * and failures, follow it live (server-sent events), retry its failed items, download all its labels as one PDF.
 */
@RestController
@RequestMapping("/api/v1/label-batches")
class LabelBatchApiController {

    private static final Duration MAX_STREAM = Duration.ofMinutes(60);

    private final LabelBatches batches;
    private final LiveStreams liveStreams;

    LabelBatchApiController(LabelBatches batches, LiveStreams liveStreams) {
        this.batches = batches;
        this.liveStreams = liveStreams;
    }

    /** The orders page's filter fields, as in {@code GET /api/v1/orders}. */
    record FilterBody(@Size(max = 36) String store, @Size(max = 20) String marketplace, @Size(max = 20) String status,
                      @Size(max = 40) String shipByFrom, @Size(max = 40) String shipByTo, Boolean late,
                      Boolean atRisk, @Size(max = 200) String q) {
        OrderFilter toFilter() {
            try {
                return OrderFilter.parse(store, marketplace, status, shipByFrom, shipByTo, Boolean.TRUE.equals(late),
                        Boolean.TRUE.equals(atRisk), q, OrderFilter.MAX_LIMIT, null);
            } catch (OrderException | IllegalArgumentException e) {
                throw new ShippingException(Kind.INVALID, "invalid-filter", e.getMessage());
            }
        }
    }

    record StoreBody(@Size(max = 36) String storeId, @Size(max = 36) String shipFromId,
                     @Size(max = 36) String packageId) {
    }

    /**
     * {@code orderIds}, or {@code filter} (all matching orders, at most the batch limit); {@code stores}: choices.
     * A {@code null} inside either list is refused.
     */
    record StartBody(@Size(max = 1000) List<@NotNull @Size(max = 36) String> orderIds, @Valid FilterBody filter,
                     @Size(max = 100) List<@NotNull @Valid StoreBody> stores) {
    }

    /**
     * What {@code POST /api/v1/label-batches} with this body would do, without starting it: the orders it would buy
     * for and those it would skip, with the reason (ADR 0019).
     */
    @PostMapping("/preview")
    LabelBatchViews.Preview preview(@Valid @RequestBody StartBody body) {
        return batches.preview(orderIds(body));
    }

    /** Starts a batch; its {@code skipped} lists the selected orders it leaves out, with the reason. */
    @PostMapping
    ResponseEntity<Batch> start(@Valid @RequestBody StartBody body, HttpServletRequest request) {
        List<UUID> orderIds = orderIds(body);
        Map<UUID, StoreChoice> choices = new LinkedHashMap<>();
        if (body.stores() != null) {
            for (StoreBody s : body.stores()) {
                UUID storeId = ShippingIds.field(s.storeId(), "store-id");
                if (storeId != null) {
                    choices.put(storeId, new StoreChoice(ShippingIds.field(s.shipFromId(), "ship-from-id"),
                            ShippingIds.field(s.packageId(), "package-id")));
                }
            }
        }
        Batch batch = batches.start(new LabelBatchCommand(orderIds, choices), request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.LOCATION,
                "/api/v1/label-batches/" + batch.id()).body(batch);
    }

    private List<UUID> orderIds(StartBody body) {
        if (body.orderIds() != null && !body.orderIds().isEmpty()) {
            return body.orderIds().stream().map(id -> ShippingIds.element(id, "order-id")).toList();
        } else if (body.filter() != null) {
            return batches.matching(body.filter().toFilter());
        }
        throw new ShippingException(Kind.INVALID, "no-orders", "Give orderIds or a filter.");
    }

    @GetMapping
    Map<String, List<Batch>> recent() {
        return Map.of("items", batches.recent(50));
    }

    @GetMapping("/{id}")
    BatchDetails get(@PathVariable String id) {
        return batches.details(ShippingIds.id(id, "label-batch"));
    }

    /** The batch's items in selection order; {@code state} = QUEUED, WORKING, PURCHASED or FAILED to narrow. */
    @GetMapping("/{id}/items")
    Map<String, List<Item>> items(@PathVariable String id, @RequestParam(required = false) String state) {
        if (state != null && !List.of("QUEUED", "WORKING", "PURCHASED", "FAILED").contains(state)) {
            throw new ShippingException(Kind.INVALID, "invalid-state",
                    "state must be one of QUEUED, WORKING, PURCHASED, FAILED.");
        }
        return Map.of("items", batches.items(ShippingIds.id(id, "label-batch"), state));
    }

    @PostMapping("/{id}/retry")
    Batch retry(@PathVariable String id, HttpServletRequest request) {
        return batches.retryFailed(ShippingIds.id(id, "label-batch"), request.getRemoteAddr());
    }

    @GetMapping("/{id}/labels")
    ResponseEntity<byte[]> labels(@PathVariable String id) {
        return pdf(batches.labels(ShippingIds.id(id, "label-batch")));
    }

    /**
     * The batch's counts as server-sent events: {@code progress} each time they move, then {@code finished}. Read from
     * the database, so any node serves it, whichever nodes do the work. One poll per operator and batch, however many
     * pages follow it (the node's {@link LiveStreams}); 429 beyond the operator's or the node's number of open streams.
     */
    @GetMapping(path = "/{id}/live", produces = "text/event-stream")
    SseEmitter live(@PathVariable String id) {
        UUID batchId = ShippingIds.id(id, "label-batch");
        batches.batch(batchId);
        return liveStreams.subscribe("label-batch:" + batchId, MAX_STREAM, () -> {
            Batch now = batches.batch(batchId);
            return new LiveStreams.Update(now.finished() ? "finished" : "progress", now, now.finished());
        });
    }

    static ResponseEntity<byte[]> pdf(Document document) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, document.contentType())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(document.fileName()).build().toString())
                .body(document.content());
    }
}
