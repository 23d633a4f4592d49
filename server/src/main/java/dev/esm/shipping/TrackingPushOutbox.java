package dev.esm.shipping;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.esm.platform.ActingOperator;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.internal.TrackingPushJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts a bought label's tracking push into the outbox, in the transaction that marks the shipment PURCHASED, and (with
 * {@link TrackingPushProperties#immediate()}) works it on this node right after that transaction commits, acting for
 * the store's owner. Whatever this node does not finish (a full queue, a failed attempt, the node dying) is picked up
 * by the poller on a scheduler node.
 */
@Component
public class TrackingPushOutbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrackingPushOutbox.class);

    private final TrackingPushJournal journal;
    private final TrackingPushes pushes;
    private final TrackingPushProperties properties;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(200), runnable -> {
                Thread thread = new Thread(runnable, "tracking-push");
                thread.setDaemon(true);
                return thread;
            });

    TrackingPushOutbox(TrackingPushJournal journal, TrackingPushes pushes, TrackingPushProperties properties) {
        this.journal = journal;
        this.pushes = pushes;
        this.properties = properties;
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
        UUID owner = journal.owner(pushId).orElseThrow();
        if (properties.immediate() && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runSoon(pushId, owner);
                }
            });
        }
    }

    /** Works the push on this node soon (a "retry push", a fresh purchase); the poller is the fallback. */
    void runSoon(UUID pushId, UUID owner) {
        try {
            executor.execute(() -> {
                try {
                    ActingOperator.runAs(owner, () -> pushes.attempt(pushId));
                } catch (RuntimeException e) {
                    log.warn("Tracking push {} failed unexpectedly; the poller will try again", pushId, e);
                }
            });
        } catch (RejectedExecutionException busy) {
            log.debug("Tracking push {} left to the poller", pushId);
        }
    }

    /** "Retry push": the order's rejected or failed push is due again and worked on this node at once. */
    public ShippingViews.PushStatus retry(UUID orderId) {
        ShippingViews.PushStatus status = pushes.retry(orderId);
        pushes.owner(status.id()).ifPresent(owner -> runSoon(status.id(), owner));
        return status;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
