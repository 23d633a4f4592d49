package dev.esm.sandbox.easypost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UspsPicTest {

    @Test
    void checkDigitMatchesRealEasyPostNumbers() {
        // the two numbers quoted in the contract (section 5.2)
        assertThat(UspsPic.isValid("9400100105807076063249")).isTrue();
        assertThat(UspsPic.isValid("9434600208303109842228")).isTrue();
        assertThat(UspsPic.isValid("9400100105807076063248")).isFalse();
        assertThat(UspsPic.isValid("940010010580707606324")).isFalse();
    }

    @Test
    void generatedNumbersCarryTheirCheckDigitAndGroupByFour() {
        String pic = UspsPic.of("001", "901234567", 42);
        assertThat(pic).hasSize(22).startsWith("94001901234567");
        assertThat(UspsPic.isValid(pic)).isTrue();
        assertThat(UspsPic.grouped("9400100105807076063249")).isEqualTo("9400 1001 0580 7076 0632 49");
        assertThat(UspsPic.barcodeText("90277", "9400100105807076063249"))
                .isEqualTo("420902779400100105807076063249");
    }

    @Test
    void zonesGrowWithDistance() {
        assertThat(UspsZones.zone("78701", "78705")).isEqualTo(1);
        int near = UspsZones.zone("78701", "78205");
        int far = UspsZones.zone("78701", "12207");
        int coast = UspsZones.zone("12207", "98101");
        assertThat(near).isBetween(1, 3);
        assertThat(far).isGreaterThan(near);
        assertThat(coast).isEqualTo(8);
    }
}
