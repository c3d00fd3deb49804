package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Positions by pointer; a pointer to nothing falls back to its nearest ancestor, then to line 1. */
class SourceMapTest {

    @Test
    void valuesFallBackToTheNearestAncestor() {
        SourceMap map = new SourceMap("t.yaml");
        map.value("", new Position(1, 1));
        map.value("/spec", new Position(2, 3));
        map.value("/spec/clusters/0", new Position(4, 7));
        assertThat(map.file()).isEqualTo("t.yaml");
        assertThat(map.valueAt("/spec/clusters/0")).isEqualTo(new Position(4, 7));
        assertThat(map.valueAt("/spec/clusters/0/name/deeper")).isEqualTo(new Position(4, 7));
        assertThat(map.valueAt("/spec/clusters")).isEqualTo(new Position(2, 3));
        assertThat(map.valueAt("/metadata")).isEqualTo(new Position(1, 1));
    }

    @Test
    void anEmptyMapAnswersTheStartOfTheFile() {
        assertThat(new SourceMap("t.yaml").valueAt("/a/b")).isEqualTo(Position.START);
        assertThat(new SourceMap("t.yaml").keyAt("/a/b")).isEqualTo(Position.START);
        assertThat(Position.START).isEqualTo(new Position(1, 1));
    }

    @Test
    void keysAreTheirOwnPositionElseTheValues() {
        SourceMap map = new SourceMap("t.yaml");
        map.key("/spec/x", new Position(5, 3));
        map.value("/spec/x", new Position(5, 6));
        map.value("/spec/y", new Position(6, 6));
        assertThat(map.keyAt("/spec/x")).isEqualTo(new Position(5, 3));
        assertThat(map.keyAt("/spec/y")).isEqualTo(new Position(6, 6));
    }
}
