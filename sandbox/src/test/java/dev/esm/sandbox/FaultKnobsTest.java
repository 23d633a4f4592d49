package dev.esm.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultKnobsTest {

    @Test
    void sameSeedSameDecisions() {
        assertThat(sequence(5)).isEqualTo(sequence(5)).isNotEqualTo(sequence(6));
    }

    @Test
    void sharesCannotExceedOne() {
        FaultKnobs knobs = new FaultKnobs().setServerErrorShare(0.7);
        assertThatThrownBy(() -> knobs.setTimeoutShare(0.4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setMalformedShare(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroSharesNeverFault() {
        FaultKnobs knobs = new FaultKnobs();
        for (int i = 0; i < 1000; i++) {
            assertThat(knobs.next()).isEqualTo(Fault.NONE);
        }
    }

    private static List<Fault> sequence(long seed) {
        FaultKnobs knobs = new FaultKnobs().reseed(seed).setThrottleShare(0.2).setServerErrorShare(0.2)
                .setTimeoutShare(0.2).setMalformedShare(0.2);
        List<Fault> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(knobs.next());
        }
        return out;
    }
}
