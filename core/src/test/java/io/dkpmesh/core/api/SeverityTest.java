package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The words a finding line prints, which SARIF levels and editors match on. */
class SeverityTest {

    @Test
    void labelsAreLowerCase() {
        assertThat(Severity.ERROR.label()).isEqualTo("error");
        assertThat(Severity.WARNING.label()).isEqualTo("warning");
    }
}
