package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import io.dkpmesh.core.testing.Models;
import org.junit.jupiter.api.Test;

/** Istio's provider plans the meshes, then the Services; it delivers nothing of its own and renders no Helm values. */
class IstioProviderTest {

    @Test
    void itImplementsIstioMeshesWithItsTwoPlannersInOrder() {
        IstioProvider provider = new IstioProvider();

        assertThat(provider.provider()).isEqualTo(Provider.ISTIO);
        assertThat(provider.planners()).hasExactlyElementsOfTypes(IstioPlanner.class, IstioServicePlanner.class);
        assertThat(provider.helmValues()).isEmpty();
        // ModuleConfig first: deckhouse-controller installs it before any module runs; the istio module the rest
        assertThat(provider.customResources())
                .extracting(CustomResource::kind)
                .containsExactly(
                        "ModuleConfig",
                        "IstioFederation",
                        "IstioMulticluster",
                        "DestinationRule",
                        "VirtualService",
                        "AuthorizationPolicy",
                        "AuthorizationPolicy",
                        "PeerAuthentication");
        assertThat(provider.customResources())
                .filteredOn(kind -> !kind.installedLater())
                .extracting(CustomResource::template)
                .containsExactly("moduleconfig-istio.yaml.ftl");
        assertThat(provider.graphStyle()).isEqualTo(new MeshStyle(Provider.ISTIO, "<-->", "<==>"));
    }

    /** What it answers the validator's own rules (validate.MeshFacts): the facts of Istio's meshes. */
    @Test
    void itAnswersTheValidatorsQuestionsAboutIstioMeshes() {
        IstioProvider provider = new IstioProvider();
        Mesh multicluster = mesh("{name: m, type: multicluster, provider: istio, clusters: [a, b], hubs: [a]}");
        Mesh federation = mesh("{name: f, type: federation, provider: istio, clusters: [a, b], hubs: [a]}");

        assertThat(provider.meshFacts()).isSameAs(provider);
        assertThat(provider.needsAlliance(MeshType.FEDERATION)).isTrue();
        assertThat(provider.needsAlliance(MeshType.MULTICLUSTER)).isTrue();
        assertThat(provider.needsAlliance(MeshType.SINGLE)).isFalse();
        assertThat(provider.refusesHubs(multicluster).orElseThrow()).satisfies(refusal -> {
            assertThat(refusal.code()).isEqualTo(FindingCode.ISTIO_MULTICLUSTER_HUBS);
            assertThat(refusal.pointer()).isEqualTo("/spec/meshes/0/hubs");
        });
        assertThat(provider.refusesHubs(federation)).isEmpty();
        assertThat(provider.tooManyMembers(federation)).isEmpty();
        assertThat(provider.growsPerPeer(federation)).startsWith(" Per peer, DKP's federation hook");
        assertThat(provider.growsPerPeer(multicluster)).startsWith(" Per peer, each member's istiod");
        assertThat(provider.sourceIPIgnored(federation)).contains(" has no flat network");
        assertThat(provider.sharesEveryNamespace(multicluster)).isTrue();
        assertThat(provider.sharesEveryNamespace(federation)).isFalse();
        assertThat(provider.sourceIPIgnored(multicluster)).contains(" has no flat network");
        assertThat(provider.sourceIPIgnored(mesh("{name: m, type: multicluster, provider: istio, clusters: [a, b],"
                        + " flatNetwork: true, sourceIPPreserved: true}")))
                .isEmpty();
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
