package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every finding at once, counted in the message. */
class FindingsExceptionTest {

    @Test
    void theMessageCountsAndListsEveryFinding() {
        Finding error = new Finding("DKPM201", Severity.ERROR, "t.yaml", 3, 5, "/a", "twice");
        Finding warning = new Finding("DKPM301", Severity.WARNING, "t.yaml", 4, 5, "/b", "odd");
        FindingsException e = new FindingsException(List.of(error, warning));
        assertThat(e.getMessage()).isEqualTo("1 error, 1 warning:\n" + error.format() + "\n" + warning.format());
        assertThat(e.findings()).containsExactly(error, warning);
        assertThat(e.errors()).containsExactly(error);
    }

    @Test
    void warningsOnlyHaveNoErrors() {
        Finding warning = new Finding("DKPM301", Severity.WARNING, "t.yaml", 4, 5, "/b", "odd");
        FindingsException e = new FindingsException(List.of(warning, warning));
        assertThat(e.errors()).isEmpty();
        assertThat(e.getMessage()).startsWith("0 errors, 2 warnings:\n");
    }
}
