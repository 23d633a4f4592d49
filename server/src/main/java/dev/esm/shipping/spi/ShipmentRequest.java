package dev.esm.shipping.spi;

import java.util.Objects;

/** What a shipment is created from; {@code reference} is the caller's stable id for it (found again by it). */
public record ShipmentRequest(String reference, PostalAddress from, PostalAddress to, Parcel parcel,
                              LabelFormat labelFormat) {

    public ShipmentRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(parcel, "parcel");
        labelFormat = labelFormat == null ? LabelFormat.PDF : labelFormat;
    }
}
