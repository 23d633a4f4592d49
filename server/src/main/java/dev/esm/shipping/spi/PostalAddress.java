package dev.esm.shipping.spi;

/**
 * A postal address as a provider takes it. It may be a buyer's: {@link #toString()} shows nothing of it, so it cannot
 * reach a log by accident.
 */
public record PostalAddress(String name, String company, String street1, String street2, String city, String state,
                            String zip, String country, String phone) {

    @Override
    public String toString() {
        return "PostalAddress[redacted]";
    }
}
