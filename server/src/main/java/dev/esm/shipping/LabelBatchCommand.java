package dev.esm.shipping;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A new batch: the orders (in the order given, duplicates dropped) and, per store, the ship-from address and package
 * preset to use; a store without a choice uses its default ship-from address and its first package preset.
 */
public record LabelBatchCommand(List<UUID> orderIds, Map<UUID, StoreChoice> choices) {

    public record StoreChoice(UUID shipFromId, UUID packageId) {
    }

    public LabelBatchCommand {
        if (orderIds == null || orderIds.isEmpty()) {
            throw ShippingException.invalid("no-orders", "Select at least one order.");
        }
        orderIds = List.copyOf(new java.util.LinkedHashSet<>(orderIds));
        choices = choices == null ? Map.of() : Map.copyOf(choices);
    }
}
