package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A finding's printed line and print order. */
class FindingTest {

    @Test
    void formatsFileLineColumnSeverityCodePointerAndMessage() {
        Finding f = new Finding(
                "DKPM204", Severity.ERROR, "topology.yaml", 23, 7, "/spec/clusters/1/podSubnetCIDR", "overlaps");
        assertThat(f.format()).isEqualTo("topology.yaml:23:7: error DKPM204 /spec/clusters/1/podSubnetCIDR: overlaps");
        assertThat(f).hasToString(f.format());
        assertThat(f.isError()).isTrue();
    }

    @Test
    void aWholeFileFindingHasNoPositionAndTheRootPointerIsASlash() {
        Finding f = new Finding("DKPM005", Severity.WARNING, "t.yaml", 0, 0, "", "empty");
        assertThat(f.format()).isEqualTo("t.yaml: warning DKPM005 /: empty");
        assertThat(f.isError()).isFalse();
        assertThat(new Finding("X", Severity.ERROR, "t.yaml", 3, 0, "/a", "m").format())
                .as("an unknown column prints as 1")
                .startsWith("t.yaml:3:1: ");
    }

    @Test
    void printOrderIsFileThenLineThenColumnThenCode() {
        Finding a = new Finding("DKPM2", Severity.ERROR, "a.yaml", 2, 1, "", "m");
        Finding b = new Finding("DKPM1", Severity.ERROR, "a.yaml", 2, 1, "", "m");
        Finding c = new Finding("DKPM1", Severity.ERROR, "a.yaml", 10, 1, "", "m");
        Finding d = new Finding("DKPM1", Severity.ERROR, "b.yaml", 1, 1, "", "m");
        Finding e = new Finding("DKPM1", Severity.ERROR, "a.yaml", 2, 3, "", "m");
        List<Finding> list = new ArrayList<>(List.of(d, c, e, a, b));
        list.sort(Finding.ORDER);
        assertThat(list).containsExactly(b, a, e, c, d);
    }

    @Test
    void nothingButPositionsMayBeMissing() {
        assertThatThrownBy(() -> new Finding(null, Severity.ERROR, "f", 1, 1, "", "m"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("code");
        assertThatThrownBy(() -> new Finding("C", Severity.ERROR, "f", 1, 1, null, "m"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("pointer");
    }

    @Test
    void aPlainPointerAndMessageStayAsGiven() {
        Finding f = new Finding("C", Severity.ERROR, "f", 1, 1, "/labels/app.kubernetes.io~1name", "plain words");
        assertThat(f.pointer()).isEqualTo("/labels/app.kubernetes.io~1name");
        assertThat(f.message()).isEqualTo("plain words");
    }
}
