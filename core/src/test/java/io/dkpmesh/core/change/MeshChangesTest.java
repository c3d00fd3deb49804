package io.dkpmesh.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The seam's neutral parts: a provider that answers nothing, and the helpers its rules share. */
class MeshChangesTest {

    @Test
    void noneReadsNothingAndHasNoMembers() {
        MeshChanges.Reader reader = MeshChanges.NONE.reader();
        assertThat(reader.reads("clusters/a/mesh/x.yaml", "kind: IstioFederation\n"))
                .isFalse();
        assertThat(reader.exportFolder("components/service-exports/service.a.b.yaml", new byte[0]))
                .isEmpty();
        assertThat(reader.facts().members()).isEmpty();
        assertThat(reader.facts().namedPeers()).isEmpty();
        assertThat(MeshChanges.NONE.point()).isEqualTo(MeshChanges.Point.PEERS);
        TreeFacts facts = TreeFacts.of(
                Trees.of("clusters/a/mesh/istiofederation-b.yaml", "kind: IstioFederation\nmetadata: {name: b}\n"),
                List.of(MeshChanges.NONE));
        assertThat(facts.members()).isEmpty();
        assertThat(facts.clusters()).containsExactly("a");
    }

    @Test
    void withAddsTheClusterInNameOrderAndTextReadsOnlyValues() {
        assertThat(MeshChanges.with("b", List.of("c", "a"))).containsExactly("a", "b", "c");
        JsonNode root = YamlLoader.load("x.yaml", "a: 1\nb: {c: d}\n".getBytes(StandardCharsets.UTF_8))
                .root()
                .orElseThrow();
        assertThat(MeshChanges.text(root, "a")).isEqualTo("1");
        assertThat(MeshChanges.text(root, "b")).isEmpty();
        assertThat(MeshChanges.text(root, "missing")).isEmpty();
    }
}
