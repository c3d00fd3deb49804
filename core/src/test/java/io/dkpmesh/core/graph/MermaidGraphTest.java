package io.dkpmesh.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TopologyReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagram groups clusters by region and network and draws each mesh model in its own style. */
class MermaidGraphTest {

    /** Structure only: the graph draws what the model holds, semantic checks are not its business. */
    private static Topology topology(String clusters, String meshes) {
        String yaml = """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata: {name: retail}
                spec:
                  clusters:
                %s
                  meshes:
                %s
                """.formatted(
                        clusters.indent(4).stripTrailing(), meshes.indent(4).stripTrailing());
        return TopologyReader.read(YamlLoader.load("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .root()
                .orElseThrow());
    }

    private static String cluster(String name, String region, String extra) {
        return "- {name: " + name + ", edition: EE, region: " + region
                + ", podSubnetCIDR: 10.0.0.0/16, serviceSubnetCIDR: 10.1.0.0/16" + (extra.isEmpty() ? "" : ", " + extra)
                + "}";
    }

    /** The built-in providers' styles, as IstioProvider and CiliumProvider give them. */
    private static final List<MeshStyle> STYLES =
            List.of(new MeshStyle(Provider.ISTIO, "<-->", "<==>"), new MeshStyle(Provider.CILIUM, "-.-", "<-.->"));

    private static final String FLEET = String.join(
            "\n",
            cluster("msk", "ru-central", "network: net-ru, zone: ru-central-a"),
            cluster("kzn", "ru-central", "environment: prod"),
            cluster("spb", "ru-central", "network: net-ru"),
            cluster("ams", "eu-west", "network: net-eu"),
            cluster("fra", "eu-west", "network: net-eu"));

    @Test
    void clustersAreGroupedByRegionThenNetworkInTopologyOrder() {
        String graph = MermaidGraph.render(topology(FLEET, "[]"), STYLES);

        assertThat(graph).isEqualTo("""
                flowchart LR
                  %% edges: <--> istio federation, <==> istio multicluster, -.- cilium federation, <-.-> cilium multicluster; \
                single-cluster meshes are named in their cluster's node
                  subgraph region_1 ["ru-central"]
                    c_kzn["kzn<br/>EE · prod"]
                    subgraph region_1_network_1 ["net-ru"]
                      c_msk["msk<br/>EE · ru-central-a"]
                      c_spb["spb<br/>EE"]
                    end
                  end
                  subgraph region_2 ["eu-west"]
                    subgraph region_2_network_1 ["net-eu"]
                      c_ams["ams<br/>EE"]
                      c_fra["fra<br/>EE"]
                    end
                  end
                """);
    }

    @Test
    void eachMeshModelHasItsOwnEdgeStyleBetweenEveryPairOfMembers() {
        String graph = MermaidGraph.render(topology(FLEET, """
                - {name: fed, type: federation, provider: istio, clusters: [msk, spb, ams]}
                - {name: mc, type: multicluster, provider: istio, clusters: [ams, fra]}
                - {name: cfed, type: federation, provider: cilium, clusters: [kzn, msk]}
                - {name: cmc, type: multicluster, provider: cilium, clusters: [spb, kzn]}
                - {name: solo, type: single, provider: istio, clusters: [fra]}
                """), STYLES);

        assertThat(graph.lines().filter(line -> line.startsWith("  c_")))
                .containsExactly(
                        "  c_msk <-->|\"fed\"| c_spb",
                        "  c_msk <-->|\"fed\"| c_ams",
                        "  c_spb <-->|\"fed\"| c_ams",
                        "  c_ams <==>|\"mc\"| c_fra",
                        "  c_kzn -.-|\"cfed\"| c_msk",
                        "  c_spb <-.->|\"cmc\"| c_kzn");
        assertThat(graph)
                .contains("c_fra[\"fra<br/>EE<br/>solo: istio single\"]")
                .doesNotContain("c_fra -");
    }

    @Test
    void sameTopologyGivesTheSameText() {
        String meshes = "- {name: fed, type: federation, provider: istio, clusters: [msk, spb, ams]}";
        assertThat(MermaidGraph.render(topology(FLEET, meshes), STYLES))
                .isEqualTo(MermaidGraph.render(topology(FLEET, meshes), STYLES));
    }

    @Test
    void userStringsStayInsideTheirQuotedLabel() {
        // unvalidated input: the schema would refuse these names, the diagram must still not break
        assertThat(MermaidGraph.label("a\"] --> x[\"b")).isEqualTo("a#quot;] --#gt; x[#quot;b");
        assertThat(MermaidGraph.label("<script>&|`#\n")).isEqualTo("#lt;script#gt;#amp;#124;#96;#35; ");
        assertThat(MermaidGraph.nodeId("end")).isEqualTo("c_end");
        assertThat(MermaidGraph.nodeId("a-b")).isEqualTo("c_a_b");
        assertThat(MermaidGraph.nodeId("a\"b c")).isEqualTo("c_a_u22_b_u20_c");
    }

    @Test
    void theEdgesAndTheLegendAreTheStylesTheCallerGives() {
        String meshes = "- {name: fed, type: federation, provider: istio, clusters: [msk, spb]}\n"
                + "- {name: cmc, type: multicluster, provider: cilium, clusters: [spb, kzn]}";
        String graph = MermaidGraph.render(
                topology(FLEET, meshes),
                List.of(new MeshStyle(Provider.CILIUM, "x--x", "o--o"), new MeshStyle(Provider.ISTIO, "==>", "-->")));

        assertThat(graph)
                .contains("  %% edges: x--x cilium federation, o--o cilium multicluster, ==> istio federation,"
                        + " --> istio multicluster; single-cluster meshes")
                .contains("  c_msk ==>|\"fed\"| c_spb", "  c_spb o--o|\"cmc\"| c_kzn");
        // a provider nobody registered draws a plain line and is left out of the legend
        assertThat(MermaidGraph.render(topology(FLEET, meshes), List.of(new MeshStyle(Provider.ISTIO, "==>", "-->"))))
                .contains("  c_spb ---|\"cmc\"| c_kzn")
                .doesNotContain("cilium federation");
    }

    @Test
    void aSmallHubAndSpokeMeshDrawsOnlyThePeeredPairs() {
        String graph = MermaidGraph.render(
                topology(
                        FLEET,
                        "- {name: stores, type: federation, provider: istio, clusters: [msk, kzn, spb, ams], hubs: [msk]}"),
                STYLES);
        assertThat(graph)
                .contains(
                        "c_msk <-->|\"stores\"| c_kzn", "c_msk <-->|\"stores\"| c_spb", "c_msk <-->|\"stores\"| c_ams")
                .doesNotContain("c_kzn <-->", "c_spb <-->");
    }

    @Test
    void aThousandSpokesAreOneNodeNotAThousandBoxes() {
        StringBuilder clusters = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1004; i++) {
            String name = String.format("c%04d", i);
            names.add(name);
            clusters.append(cluster(name, "r" + (i % 7), "")).append('\n');
        }
        String graph = MermaidGraph.render(
                topology(
                        clusters.toString().stripTrailing(),
                        "- {name: fleet, type: federation, provider: istio, clusters: [" + String.join(", ", names)
                                + "], hubs: [c0000, c0001, c0002, c0003]}"),
                STYLES);
        assertThat(graph).contains("spokes_1[[\"1000 spokes of fleet<br/>each peers with every hub\"]]");
        assertThat(graph).contains("  %% spokes_1: c0004, c0005, ").contains(", c1003\n");
        assertThat(graph).contains("c_c0000 <-->|\"fleet\"| spokes_1", "c_c0000 <-->|\"fleet\"| c_c0003");
        assertThat(graph).doesNotContain("c_c0004");
        // 4 hubs: 6 edges between them, 4 to the spokes; 7 regions with the hubs in the first 4
        assertThat(graph.lines().filter(l -> l.contains("|\"fleet\"|"))).hasSize(10);
        assertThat(graph.lines().count()).isLessThan(40);
    }
}
