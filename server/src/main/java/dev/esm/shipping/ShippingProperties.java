package dev.esm.shipping;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param buyGrace how long a buy whose answer was lost stays "being confirmed" while the provider shows its shipment
 *                 unbought; after that the buy is taken as never arrived and the label may be bought again (on the same
 *                 provider shipment, which takes one label at most). Must exceed the provider request timeout.
 * @param buyWait  how long a second buy of the same package (a double click, another node) waits for the first
 *                 one's outcome before it answers "being confirmed"
 */
@ConfigurationProperties("esm.shipping")
public record ShippingProperties(Duration buyGrace, Duration buyWait) {

    public ShippingProperties {
        buyGrace = buyGrace == null ? Duration.ofMinutes(2) : buyGrace;
        buyWait = buyWait == null ? Duration.ofSeconds(40) : buyWait;
    }
}
