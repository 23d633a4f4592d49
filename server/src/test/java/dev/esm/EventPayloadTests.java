package dev.esm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.esm.accounts.OperatorDeleted;
import dev.esm.orders.OrderChanged;
import dev.esm.orders.OrderImported;
import dev.esm.shipping.LabelPurchased;
import dev.esm.shipping.LabelVoided;
import dev.esm.stores.StoreConnected;
import dev.esm.stores.StoreDisconnected;

/**
 * Events are kept as JSON in the outbox table, which has no row-level security (ADR 24): they carry ids and facts
 * only. Every component is an id, an enum, a number, or one of the few named text facts below; never free text that
 * could hold a name, an address, a credential or a token.
 */
class EventPayloadTests {

    static final List<Class<? extends Record>> EVENTS = List.of(StoreConnected.class, StoreDisconnected.class,
            OrderImported.class, OrderChanged.class, LabelPurchased.class, LabelVoided.class, OperatorDeleted.class);

    /** Text components allowed, by record and component name: provider vocabulary, never operator or buyer input. */
    static final Set<String> TEXT_FACTS = Set.of("LabelPurchased.carrier", "LabelPurchased.service",
            "LabelPurchased.currency", "LabelVoided.refundStatus");

    @Test
    void eventsAreRecordsOfIdsAndFactsOnly() {
        for (Class<? extends Record> event : EVENTS) {
            for (RecordComponent component : event.getRecordComponents()) {
                Class<?> type = component.getType();
                String name = event.getSimpleName() + "." + component.getName();
                boolean fact = type == UUID.class || type.isEnum() || type == BigDecimal.class || type == int.class
                        || type == long.class || type == Instant.class || (type == String.class && TEXT_FACTS.contains(name));
                assertThat(fact).as(name + " (" + type.getSimpleName() + ") is an id or a fact").isTrue();
            }
        }
    }

    @Test
    void eventsArePastTenseRecordsInTheirModulesRootPackage() {
        for (Class<? extends Record> event : EVENTS) {
            assertThat(event.getPackageName()).matches("dev\\.esm\\.[a-z]+");
            assertThat(event.getSimpleName()).matches(".*ed");
        }
    }
}
