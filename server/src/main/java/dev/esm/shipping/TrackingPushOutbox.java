package dev.esm.shipping;

import java.util.UUID;

import dev.esm.platform.jobs.Jobs;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.internal.TrackingPushJournal;
import dev.esm.stores.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts a bought label's tracking push into the outbox, in the transaction that marks the shipment PURCHASED, with its
 * job ({@link TrackingPushes#JOB_KIND}): after that transaction commits, this node's job workers take it at once;
 * whatever this node does not finish (a failed attempt, the node dying) is taken by any node's workers when due.
 */
@Component
public class TrackingPushOutbox {

    private static final Logger log = LoggerFactory.getLogger(TrackingPushOutbox.class);

    private final TrackingPushJournal journal;
    private final TrackingPushes pushes;
    private final Jobs jobs;
    private final Stores stores;

    TrackingPushOutbox(TrackingPushJournal journal, TrackingPushes pushes, Jobs jobs, Stores stores) {
        this.journal = journal;
        this.pushes = pushes;
        this.jobs = jobs;
        this.stores = stores;
    }

    /** Called in the purchase's transaction, after the shipment became PURCHASED. */
    void purchased(Shipment shipment) {
        if (shipment.trackingCode() == null) {
            log.warn("Shipment {} was bought without a tracking number; nothing to push", shipment.id());
            return;
        }
        UUID pushId = UUID.randomUUID();
        if (!journal.insert(pushId, shipment.storeId(), shipment.orderId(), shipment.id(), shipment.trackingCode())) {
            return;
        }
        // the job runs for the store's owner, whoever bought the label (a grantee may)
        jobs.enqueue(TrackingPushes.JOB_KIND, pushId, stores.get(shipment.storeId()).ownerId());
    }

    /** "Retry push": the order's rejected or failed push is due again and taken by this node's workers at once. */
    public ShippingViews.PushStatus retry(UUID orderId) {
        return pushes.retry(orderId);
    }
}
