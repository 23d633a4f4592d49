package dev.esm.shipping.spi;

import java.util.List;

/**
 * The provider's verdict on an address: the normalized address, whether it is deliverable, and the provider's own
 * words for each problem.
 */
public record AddressCheck(PostalAddress address, boolean deliverable, List<String> problems, String providerId) {

    public AddressCheck {
        problems = List.copyOf(problems);
    }
}
