package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Findings placed at the line a user edits, in print order, without repeats. */
class FindingsTest {

    private static Findings findings() {
        SourceMap map = new SourceMap("topology.yaml");
        map.value("/spec/clusters/0/name", new Position(7, 13));
        map.key("/spec/clusters/0/name", new Position(7, 7));
        map.value("/spec", new Position(3, 3));
        return new Findings(map);
    }

    @Test
    void errorsSitAtTheValueAndErrorsAtKeyAtTheKey() {
        Findings findings = findings();
        findings.error(FindingCode.DUPLICATE_NAME, "/spec/clusters/0/name", "twice");
        findings.errorAtKey(FindingCode.UNKNOWN_FIELD, "/spec/clusters/0/name", "unknown");
        assertThat(findings.sorted())
                .containsExactly(
                        new Finding(
                                "DKPM104", Severity.ERROR, "topology.yaml", 7, 7, "/spec/clusters/0/name", "unknown"),
                        new Finding(
                                "DKPM201", Severity.ERROR, "topology.yaml", 7, 13, "/spec/clusters/0/name", "twice"));
    }

    @Test
    void warningsAloneAreNoErrors() {
        Findings findings = findings();
        findings.warning(FindingCode.DUPLICATE_NAME, "/spec/nothing/here", "w");
        assertThat(findings.hasErrors()).isFalse();
        assertThat(findings.sorted().get(0).line())
                .as("the nearest ancestor, /spec")
                .isEqualTo(3);
        findings.error(FindingCode.DUPLICATE_NAME, "/spec", "e");
        assertThat(findings.hasErrors()).isTrue();
    }

    @Test
    void sortedIsInPrintOrderWithoutRepeats() {
        Findings findings = findings();
        findings.inFile(FindingCode.LIMIT, "b.ftl", 2, "", "x");
        findings.inFile(FindingCode.LIMIT, "a.ftl", 9, "", "x");
        findings.inFile(FindingCode.LIMIT, "a.ftl", 9, "", "x");
        findings.inFile(FindingCode.LIMIT, "a.ftl", 0, "", "whole file");
        List<Finding> sorted = findings.sorted();
        assertThat(sorted).extracting(Finding::file).containsExactly("a.ftl", "a.ftl", "b.ftl");
        assertThat(sorted.get(0).line()).isZero();
        assertThat(sorted.get(0).column()).as("no line: no column").isZero();
        assertThat(sorted.get(1).column())
                .as("a line without a column starts at 1")
                .isEqualTo(1);
    }

    @Test
    void addAllKeepsFindingsMadeElsewhere() {
        Findings findings = findings();
        Finding other = new Finding("DKPM001", Severity.WARNING, "x.yaml", 1, 1, "", "m");
        findings.addAll(List.of(other));
        assertThat(findings.sorted()).containsExactly(other);
        assertThat(findings.positions().file()).isEqualTo("topology.yaml");
    }
}
