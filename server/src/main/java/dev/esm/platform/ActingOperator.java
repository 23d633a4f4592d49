package dev.esm.platform;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.esm.platform.database.TransactionTenancy;

/**
 * Who the database work on this thread is done for. A web request acts for its signed-in operator (a security filter
 * calls {@link #runAs} once the request is authenticated); a job names the operator it acts for itself. Every
 * transaction sets this operator for row-level security before its first statement; with none, every tenant table
 * reads as empty.
 */
public final class ActingOperator {

    private static final ThreadLocal<UUID> explicit = new ThreadLocal<>();

    private ActingOperator() {
    }

    /** Something that acts for one operator, such as a signed-in principal. */
    public interface Identity {
        UUID operatorId();
    }

    public static Optional<UUID> current() {
        return Optional.ofNullable(explicit.get());
    }

    /**
     * Runs {@code work} acting for {@code operatorId}; transactions begun inside it see that operator's rows, and so
     * does a transaction already open on this thread (an event listener's, which begins acting for no one) until
     * {@code work} returns.
     */
    public static <T> T runAs(UUID operatorId, Supplier<T> work) {
        UUID previous = explicit.get();
        explicit.set(operatorId);
        TransactionTenancy.apply(operatorId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                explicit.remove();
            } else {
                explicit.set(previous);
            }
            try {
                TransactionTenancy.apply(previous);
            } catch (RuntimeException failed) {
                // the transaction failed inside work (PostgreSQL refuses every statement until it rolls back)
            }
        }
    }

    public static void runAs(UUID operatorId, Runnable work) {
        runAs(operatorId, () -> {
            work.run();
            return null;
        });
    }
}
