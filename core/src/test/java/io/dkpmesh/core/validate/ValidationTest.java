package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.load.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outcome of validating: errors, not warnings, stop a render. */
class ValidationTest {

    private static Validation with(List<Finding> findings) {
        return new Validation(Optional.empty(), Map.of(), findings, new SourceMap("t.yaml"));
    }

    @Test
    void onlyErrorsCount() {
        Finding warning = new Finding("DKPM301", Severity.WARNING, "t.yaml", 1, 1, "", "w");
        Finding error = new Finding("DKPM201", Severity.ERROR, "t.yaml", 1, 1, "", "e");
        assertThat(with(List.of()).hasErrors()).isFalse();
        assertThat(with(List.of(warning)).hasErrors()).isFalse();
        assertThat(with(List.of(warning, error)).hasErrors()).isTrue();
    }

    @Test
    void findingsAreCopied() {
        List<Finding> findings = new ArrayList<>();
        Validation validation = with(findings);
        findings.add(new Finding("DKPM201", Severity.ERROR, "t.yaml", 1, 1, "", "e"));
        assertThat(validation.hasErrors()).isFalse();
    }
}
