package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShippingServicesTests {

    @Test
    void servicesHaveTheNamesSellersKnow() {
        assertThat(ShippingServices.name("USPS", "GroundAdvantage")).isEqualTo("USPS Ground Advantage");
        assertThat(ShippingServices.name("USPS", "Express")).isEqualTo("USPS Priority Mail Express");
        assertThat(ShippingServices.name("UPS", "Ground")).isEqualTo("UPS Ground");
    }

    @Test
    void theBuyersRequestedServicePicksTheMatchingUspsService() {
        assertThat(ShippingServices.forRequested("Standard")).isEqualTo("GroundAdvantage");
        assertThat(ShippingServices.forRequested("Std US D2D Dom")).isEqualTo("GroundAdvantage");
        assertThat(ShippingServices.forRequested("Expedited")).isEqualTo("Priority");
        assertThat(ShippingServices.forRequested("SecondDay")).isEqualTo("Priority");
        assertThat(ShippingServices.forRequested("NextDay")).isEqualTo("Express");
        assertThat(ShippingServices.forRequested("ONE_DAY")).isEqualTo("Express");
        assertThat(ShippingServices.forRequested("Freight")).isNull();
        assertThat(ShippingServices.forRequested(null)).isNull();
    }
}
