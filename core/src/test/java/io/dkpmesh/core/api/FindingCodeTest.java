package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Codes are stable and never shared: DKPM and three digits, one constant each, with a summary. */
class FindingCodeTest {

    @Test
    void everyCodeIsDkpmAndThreeDigitsAndUnique() {
        Set<String> seen = new HashSet<>();
        for (FindingCode code : FindingCode.values()) {
            assertThat(code.code()).as(code.name()).matches("DKPM[0-9]{3}");
            assertThat(seen.add(code.code())).as("%s reused", code.code()).isTrue();
            assertThat(code.summary()).as(code.name()).isNotBlank();
        }
    }
}
