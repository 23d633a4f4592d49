package dev.esm.shipping.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderFilter;
import dev.esm.shipping.LabelBatchCommand;
import dev.esm.shipping.LabelBatchCommand.StoreChoice;
import dev.esm.shipping.LabelBatchProperties;
import dev.esm.shipping.LabelBatches;
import dev.esm.shipping.PackingSlips;
import dev.esm.shipping.PostageEstimates;
import dev.esm.shipping.ShippingException;
import dev.esm.platform.web.ProblemException.Kind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Batch pages: from the orders page's selection (or all orders matching its filters) to a confirmation with each
 * store's ship-from address and package, then the batch's page: live progress bar (server-sent events), failures in
 * the provider's words, "retry failed" and "download all labels".
 */
@Controller
class LabelBatchPageController {

    private final LabelBatches batches;
    private final LabelBatchProperties properties;

    private final PostageEstimates estimates;
    private final PackingSlips slips;

    LabelBatchPageController(LabelBatches batches, LabelBatchProperties properties, PostageEstimates estimates,
                             PackingSlips slips) {
        this.estimates = estimates;
        this.slips = slips;
        this.batches = batches;
        this.properties = properties;
    }

    @GetMapping("/label-batches")
    String list(Model model) {
        model.addAttribute("batches", batches.recent(50));
        return "shipping/batches";
    }

    /** The confirmation: the selected orders (or those matching the filters), grouped by store, with the choices. */
    @PostMapping("/label-batches/new")
    String confirm(@RequestParam(name = "orderId", required = false) List<String> orderIds,
                   @RequestParam(defaultValue = "false") boolean all,
                   @RequestParam(required = false) String store, @RequestParam(required = false) String marketplace,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String shipByFrom,
                   @RequestParam(required = false) String shipByTo, @RequestParam(defaultValue = "false") boolean late,
                   @RequestParam(defaultValue = "false") boolean atRisk, @RequestParam(required = false) String q,
                   Model model, RedirectAttributes flash) {
        List<UUID> ids;
        if (all) {
            OrderFilter filter;
            try {
                filter = OrderFilter.parse(store, marketplace, status, shipByFrom, shipByTo, late, atRisk, q,
                        OrderFilter.MAX_LIMIT, null);
            } catch (OrderException e) {
                flash.addFlashAttribute("error", e.getMessage());
                return "redirect:/orders";
            }
            ids = batches.matching(filter);
        } else {
            ids = orderIds == null ? List.of() : orderIds.stream().map(id -> ShippingIds.element(id, "order-id")).toList();
        }
        if (ids.isEmpty()) {
            flash.addFlashAttribute("error", "Select at least one order.");
            return "redirect:/orders";
        }
        var preview = batches.preview(ids);
        model.addAttribute("orderIds", ids);
        model.addAttribute("toBuy", preview.toBuy().size());
        model.addAttribute("skipped", preview.skipped());
        model.addAttribute("capped", all && ids.size() >= properties.maxOrders());
        model.addAttribute("maxOrders", properties.maxOrders());
        model.addAttribute("stores", batches.choices(ids));
        model.addAttribute("orders", estimates.toBuy(preview.toBuy()));
        model.addAttribute("estimate", estimates.estimate(preview.toBuy()));
        return "shipping/batch-new";
    }

    @PostMapping("/label-batches")
    String start(@RequestParam(name = "orderId", required = false) List<String> orderIds,
                 @RequestParam Map<String, String> fields, HttpServletRequest request, RedirectAttributes flash) {
        List<UUID> ids = orderIds == null ? List.of()
                : orderIds.stream().map(id -> ShippingIds.element(id, "order-id")).toList();
        Map<UUID, StoreChoice> choices = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("shipFrom-")) {
                String storeId = name.substring("shipFrom-".length());
                choices.put(ShippingIds.element(storeId, "store-id"), new StoreChoice(
                        ShippingIds.field(value, "ship-from-id"),
                        ShippingIds.field(fields.get("package-" + storeId), "package-id")));
            }
        });
        try {
            UUID id = batches.start(new LabelBatchCommand(ids, choices), request.getRemoteAddr()).id();
            return "redirect:/label-batches/" + id;
        } catch (ShippingException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/orders";
        }
    }

    @GetMapping("/label-batches/{id}")
    String page(@PathVariable String id, Model model) {
        UUID batchId = ShippingIds.id(id, "label-batch");
        var result = batches.result(batchId);
        model.addAttribute("batch", result.batch());
        model.addAttribute("items", result.items());
        model.addAttribute("postage", result.postage());
        model.addAttribute("failures", result.items().stream().filter(i -> "FAILED".equals(i.state())).toList());
        return "shipping/batch";
    }

    @PostMapping("/label-batches/{id}/retry")
    String retry(@PathVariable String id, HttpServletRequest request, RedirectAttributes flash) {
        UUID batchId = ShippingIds.id(id, "label-batch");
        return ShippingPages.change("/label-batches/" + batchId, flash, () -> {
            var batch = batches.retryFailed(batchId, request.getRemoteAddr());
            return "Retrying " + batch.queued() + " failed labels.";
        });
    }

    @GetMapping("/label-batches/{id}/packing-slips.pdf")
    ResponseEntity<byte[]> slips(@PathVariable String id, @RequestParam(defaultValue = "") String size,
                                 HttpServletRequest request) {
        UUID batchId = ShippingIds.id(id, "label-batch");
        return LabelBatchApiController.pdf(slips.slips(batches.purchasedOrders(batchId), PackingSlips.Size.of(size),
                "packing-slips-" + batchId + ".pdf", request.getRemoteAddr()));
    }

    @GetMapping("/label-batches/{id}/labels.pdf")
    ResponseEntity<byte[]> labels(@PathVariable String id) {
        return LabelBatchApiController.pdf(batches.labels(ShippingIds.id(id, "label-batch")));
    }
}
