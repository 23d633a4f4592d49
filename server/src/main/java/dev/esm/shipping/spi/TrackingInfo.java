package dev.esm.shipping.spi;

/** A tracker: the provider's id, the code, its status word (e.g. {@code pre_transit}) and the public tracking page. */
public record TrackingInfo(String id, String trackingCode, String carrier, String status, String publicUrl) {
}
