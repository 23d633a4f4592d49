package dev.esm.shared;

/**
 * The carriers ESM ships with. Each connector spells them the way its marketplace does (contract notes, shipping.md
 * 6.4): Walmart {@code carrierName.carrier}, Amazon {@code carrierCode}, eBay {@code shippingCarrierCode}.
 */
public enum Carrier {
    USPS,
    UPS,
    FEDEX
}
