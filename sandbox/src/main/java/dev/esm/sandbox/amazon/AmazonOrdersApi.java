package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;

import java.util.Set;

/** Handlers of Orders API v2026-01-01; the gate has already authenticated the seller and charged the rate limit. */
final class AmazonOrdersApi {

    private final AmazonSimulator simulator;

    AmazonOrdersApi(AmazonSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code GET /orders/2026-01-01/orders} (searchOrders). */
    SandboxResponse search(SandboxRequest request) {
        AmazonSeller seller = seller(request);
        long now = simulator.now();
        AmazonSearchQuery query = AmazonSearchQuery.parse(request, seller, now);
        AmazonOrderStore.Page page = seller.store().page(query.updatedFrom(), query.filter(now), query.afterKey,
                query.pageSize);
        String next = page.more() ? query.nextToken(seller, page.lastKey(), now) : null;
        return SandboxResponse.json(200, AmazonJson.search(page.orders(), query.included, now, next,
                query.endField(), query.end));
    }

    /** {@code GET /orders/2026-01-01/orders/{orderId}} (getOrder). */
    SandboxResponse get(SandboxRequest request) {
        AmazonSeller seller = seller(request);
        String id = request.pathParam("orderId");
        AmazonOrder order = seller.order(id).orElseThrow(() -> AmazonErrors.notFound("No order " + id
                + " for this selling partner."));
        Set<String> included = AmazonSearchQuery.includedData(request);
        return SandboxResponse.json(200, AmazonJson.single(order, included, simulator.now()));
    }

    /** {@code POST /orders/v0/orders/{orderId}/shipmentConfirmation} (confirmShipment): 204 with no body. */
    SandboxResponse confirmShipment(SandboxRequest request) {
        AmazonSeller seller = seller(request);
        String id = request.pathParam("orderId");
        if (seller.indexOf(id) < 0) {
            throw AmazonErrors.notFound("No order " + id + " for this selling partner.");
        }
        seller.confirmShipment(id, AmazonShipping.parse(request.body()));
        return SandboxResponse.empty(204);
    }

    private static AmazonSeller seller(SandboxRequest request) {
        return (AmazonSeller) request.principal();
    }
}
