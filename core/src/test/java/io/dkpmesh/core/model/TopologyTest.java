package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.Models;
import org.junit.jupiter.api.Test;

/** Looking clusters and their meshes up in a whole topology. */
class TopologyTest {

    private static final String TWO_MESHES = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata: {name: t}
            spec:
              clusters:
                - {name: msk, edition: EE}
                - {name: spb, edition: EE}
                - {name: ams, edition: EE}
              meshes:
                - {name: east, type: federation, provider: istio, clusters: [msk, spb]}
                - {name: solo, type: single, provider: istio, clusters: [ams]}
                - {name: west, type: multicluster, provider: istio, clusters: [spb, ams]}
            """;

    @Test
    void clustersAreFoundByName() {
        Topology topology = Models.read(TWO_MESHES);
        assertThat(topology.cluster("spb").orElseThrow().pointer()).isEqualTo("/spec/clusters/1");
        assertThat(topology.cluster("kzn")).isEmpty();
        assertThat(topology.cluster("")).isEmpty();
    }

    @Test
    void theMeshesOfAClusterComeInTopologyOrder() {
        Topology topology = Models.read(TWO_MESHES);
        assertThat(topology.meshesOf("spb")).extracting(Mesh::name).containsExactly("east", "west");
        assertThat(topology.meshesOf("ams")).extracting(Mesh::name).containsExactly("solo", "west");
        assertThat(topology.meshesOf("msk")).extracting(Mesh::name).containsExactly("east");
        assertThat(topology.meshesOf("kzn")).isEmpty();
    }

    @Test
    void theSampleFederationHasItsThreeMembers() {
        Topology topology = Models.federation();
        assertThat(topology.clusters()).extracting(Cluster::name).containsExactly("msk", "spb", "ams");
        assertThat(topology.meshesOf("ams")).extracting(Mesh::name).containsExactly("retail-federation");
    }
}
