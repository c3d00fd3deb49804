package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.testing.Models;
import io.dkpmesh.core.validate.MeshFacts;
import org.junit.jupiter.api.Test;

/** Cilium's provider plans with CiliumPlanner and tells the self-check where its Helm values are and what they are. */
class CiliumProviderTest {

    @Test
    void itImplementsCiliumMeshesAndNamesItsValuesForTheSelfCheck() {
        CiliumProvider provider = new CiliumProvider();

        assertThat(provider.provider()).isEqualTo(Provider.CILIUM);
        assertThat(provider.planners()).singleElement().isInstanceOf(CiliumPlanner.class);
        assertThat(provider.customResources())
                .singleElement()
                .satisfies(kind -> assertThat(kind.crd()).isEqualTo("ciliumnetworkpolicies.cilium.io"))
                .satisfies(kind -> assertThat(kind.installedLater()).isTrue());
        assertThat(provider.graphStyle()).isEqualTo(new MeshStyle(Provider.CILIUM, "-.-", "<-.->"));
        MeshProvider.HelmValues values = provider.helmValues().orElseThrow();
        assertThat(values.kind()).isEqualTo("CiliumClusterMeshValues");
        assertThat(values.isFile().test(CiliumValues.path("a"))).isTrue();
        assertThat(values.isFile().test("clusters/a/mesh/kustomization.yaml")).isFalse();
    }

    /** What it answers the validator's own rules (validate.MeshFacts): the facts of a ClusterMesh. */
    @Test
    void itAnswersTheValidatorsQuestionsAboutClusterMeshes() {
        CiliumProvider provider = new CiliumProvider();
        Mesh three = mesh("{name: cm, type: multicluster, provider: cilium, clusters: [a, b, c], hubs: [a],"
                + " cilium: {maxConnectedClusters: 255}}");

        assertThat(provider.meshFacts()).isSameAs(provider);
        assertThat(provider.needsAlliance(MeshType.MULTICLUSTER)).isFalse();
        assertThat(provider.needsAlliance(MeshType.FEDERATION)).isFalse();
        assertThat(provider.refusesHubs(three)).isEmpty();
        assertThat(provider.tooManyMembers(three)).isEmpty();
        assertThat(provider.growsPerPeer(three)).endsWith("a ClusterMesh caps at 255 clusters.");
        assertThat(provider.sourceIPIgnored(three)).contains(" is cilium");
        assertThat(provider.sharesEveryNamespace(three)).isFalse();
    }

    @Test
    void aClusterMeshOfMoreMembersThanItsMaxConnectedClustersIsRefused() {
        StringBuilder members = new StringBuilder("c0");
        for (int i = 1; i < 256; i++) {
            members.append(", c").append(i);
        }
        Mesh mesh = mesh("{name: cm, type: multicluster, provider: cilium, clusters: [" + members + "],"
                + " cilium: {maxConnectedClusters: 255}}");

        MeshFacts.Refusal refusal = new CiliumProvider().tooManyMembers(mesh).orElseThrow();
        assertThat(refusal.code()).isEqualTo(FindingCode.CILIUM_MESH_SIZE);
        assertThat(refusal.pointer()).isEqualTo("/spec/meshes/0");
        assertThat(refusal.message())
                .contains("has 256 members, more than its maxConnectedClusters 255")
                .endsWith("set cilium: {maxConnectedClusters: 511} on the mesh (at install time only)");
    }

    /** The one mesh of a topology whose meshes are {@code [line]}. */
    static Mesh mesh(String line) {
        return Models.read("""
                        apiVersion: dkp-mesh.io/v1alpha1
                        kind: MeshTopology
                        metadata: {name: t}
                        spec:
                          clusters: []
                          meshes: [%s]
                        """.formatted(line)).meshes().get(0);
    }
}
