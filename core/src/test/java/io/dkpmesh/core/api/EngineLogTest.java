package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The debug line of a timed phase reads the same in every locale. */
class EngineLogTest {

    @Test
    void tookPrintsMillisecondsWithOneDecimal() {
        assertThat(EngineLog.took("validate", 12_345_678)).isEqualTo("validate in 12.3 ms");
        assertThat(EngineLog.took("write", 0)).isEqualTo("write in 0.0 ms");
        assertThat(EngineLog.took("plan", 1_250_000_000L)).isEqualTo("plan in 1250.0 ms");
    }

    @Test
    void tookIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(EngineLog.took("render", 1_500_000)).isEqualTo("render in 1.5 ms");
        } finally {
            Locale.setDefault(before);
        }
    }
}
