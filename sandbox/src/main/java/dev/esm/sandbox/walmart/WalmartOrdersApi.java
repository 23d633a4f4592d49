package dev.esm.sandbox.walmart;

import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;

import java.util.List;

/** Handlers of the orders endpoints; the gate has already authenticated the seller and charged the rate limit. */
final class WalmartOrdersApi {

    private final WalmartSimulator simulator;

    WalmartOrdersApi(WalmartSimulator simulator) {
        this.simulator = simulator;
    }

    SandboxResponse list(SandboxRequest request, boolean released) {
        WalmartSeller seller = seller(request);
        WalmartOrderQuery query = WalmartOrderQuery.parse(request, seller, simulator.now(), released);
        WalmartOrderStore.Page page = query.excludesAll
                ? new WalmartOrderStore.Page(List.of(), 0, false)
                : seller.store().list(query.filter, query.afterKey, query.limit);
        int max = simulator.maxOrdersPerQuery();
        if (max > 0 && page.totalCount() > max) {
            throw WalmartErrors.badParam("createdStartDate", "The query matches " + page.totalCount()
                    + " orders, more than " + max + " allowed per query; narrow the date range");
        }
        if (page.orders().isEmpty() && simulator.notFoundWhenEmpty()) {
            throw new SandboxException(WalmartErrors.nested(404, "CONTENT_NOT_FOUND.GMP_ORDER_API", "none",
                    "No order found for the given search criteria", "REQUEST"));
        }
        String next = page.more() ? query.nextCursor(seller, page.orders().get(page.orders().size() - 1)) : null;
        return SandboxResponse.json(200, WalmartJson.list(page.orders(), page.totalCount(), query.limit, next));
    }

    SandboxResponse get(SandboxRequest request) {
        WalmartSeller seller = seller(request);
        String id = request.pathParam("purchaseOrderId");
        WalmartOrder order = seller.order(id).orElseThrow(() -> WalmartErrors.notFound("purchaseOrderId",
                "No order " + id + " for this seller"));
        return SandboxResponse.json(200, WalmartJson.single(order));
    }

    SandboxResponse acknowledge(SandboxRequest request) {
        WalmartSeller seller = seller(request);
        WalmartOrder order = seller.acknowledge(request.pathParam("purchaseOrderId"));
        return SandboxResponse.json(200, WalmartJson.single(order));
    }

    SandboxResponse ship(SandboxRequest request) {
        WalmartSeller seller = seller(request);
        String id = request.pathParam("purchaseOrderId");
        if (seller.indexOf(id) < 0) {
            throw WalmartErrors.notFound("purchaseOrderId", "No order " + id + " for this seller");
        }
        WalmartShipping.Request shipment = WalmartShipping.parse(request.body());
        return SandboxResponse.json(200, WalmartJson.single(seller.ship(id, shipment)));
    }

    private static WalmartSeller seller(SandboxRequest request) {
        return (WalmartSeller) request.principal();
    }
}
