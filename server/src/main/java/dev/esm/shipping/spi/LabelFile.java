package dev.esm.shipping.spi;

/** A label's bytes in one format. */
public record LabelFile(LabelFormat format, byte[] content) {
}
