package dev.esm.shipping.spi;

/** A provider account's API key; {@link #toString()} never shows it. */
public record ProviderKey(String value) {

    public ProviderKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API key must not be blank");
        }
        value = value.strip();
    }

    @Override
    public String toString() {
        return "ProviderKey[redacted]";
    }
}
