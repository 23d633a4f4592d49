package dev.esm.shipping.spi;

import java.util.List;

/**
 * A shipment at the provider: its rates and, once bought, the bought rate and tracking code.
 *
 * @param messages the provider's per-carrier rating problems (e.g. a parcel too heavy), in its words
 */
public record ProviderShipment(String id, String reference, List<Rate> rates, List<String> messages,
                               Rate selectedRate, String trackingCode, RefundStatus refundStatus) {

    public ProviderShipment {
        rates = List.copyOf(rates);
        messages = List.copyOf(messages);
        refundStatus = refundStatus == null ? RefundStatus.NONE : refundStatus;
    }

    public boolean bought() {
        return trackingCode != null;
    }
}
