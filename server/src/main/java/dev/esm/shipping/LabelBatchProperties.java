package dev.esm.shipping;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Label batches ({@code esm.shipping.batch.*}).
 *
 * @param worker       whether this node works on batch items (any node may; a node may serve pages only)
 * @param threads      the most items this node works on at once (its worker threads); how many it does follows the
 *                     provider's latency and rate (Little's law, ADR 29), starting from 4
 * @param lease        how long a claimed item belongs to its worker; an item whose node died is taken over after it
 * @param providerRate the provider's allowed requests per second, per operation (create shipment, buy, label) and
 *                     API key, that batches pace themselves to. EasyPost publishes only "5 requests per second" (for
 *                     its index endpoints) and a load-based limiter for the rest; batches apply that figure to each
 *                     label operation. Scaled by {@code esm.orders.sync.quota-headroom} like marketplace quotas, and
 *                     overridable per operation by {@code esm.orders.sync.quotas.easypost-shipments-*}
 * @param providerBurst the bucket size of that rate
 * @param maxOrders    the most orders one batch takes
 */
@ConfigurationProperties("esm.shipping.batch")
public record LabelBatchProperties(Boolean worker, Integer threads, Duration lease, Double providerRate,
                                   Long providerBurst, Integer maxOrders) {

    public LabelBatchProperties {
        worker = worker == null || worker;
        threads = threads == null ? 32 : Math.max(1, threads);
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        providerRate = providerRate == null ? 5.0 : providerRate;
        providerBurst = providerBurst == null ? 5L : providerBurst;
        maxOrders = maxOrders == null ? 1000 : Math.max(1, maxOrders);
    }
}
