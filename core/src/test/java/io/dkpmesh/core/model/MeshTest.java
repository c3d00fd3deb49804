package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A mesh's members, its exporters and whether it is an Istio alliance. */
class MeshTest {

    private static Mesh mesh(MeshType type, Provider provider, List<String> clusters, List<Export> exports) {
        return mesh(type, provider, clusters, exports, List.of());
    }

    private static Mesh mesh(
            MeshType type, Provider provider, List<String> clusters, List<Export> exports, List<String> hubs) {
        return new Mesh(
                "/spec/meshes/1",
                "m",
                type,
                provider,
                clusters,
                new IngressGateway(
                        "/spec/meshes/1/ingressGateway", false, IngressGateway.LOAD_BALANCER, Optional.empty()),
                exports,
                List.of(),
                false,
                false,
                List.of(),
                List.of(),
                255,
                Mesh.PERMISSIVE,
                hubs);
    }

    @Test
    void spokesPeerWithHubsOnlyAndHubsWithEveryone() {
        Mesh mesh = mesh(
                MeshType.FEDERATION,
                Provider.ISTIO,
                List.of("h1", "s1", "h2", "s2", "s3"),
                List.of(),
                List.of("h1", "h2"));
        assertThat(mesh.peersOf("s1")).containsExactly("h1", "h2");
        assertThat(mesh.peersOf("h1")).containsExactly("s1", "h2", "s2", "s3");
        assertThat(mesh.peerCount("s2")).isEqualTo(2);
        assertThat(mesh.peerCount("h2")).isEqualTo(4);
        assertThat(mesh.peered("s1", "s2")).isFalse();
        assertThat(mesh.peered("s1", "h2")).isTrue();
        assertThat(mesh.peered("h1", "h2")).isTrue();
        assertThat(mesh.spokes()).containsExactly("s1", "s2", "s3");
        assertThat(mesh.peersOf("elsewhere")).isEmpty();
    }

    @Test
    void aFullMeshPeersEveryMemberWithEveryOther() {
        Mesh mesh = mesh(MeshType.FEDERATION, Provider.ISTIO, List.of("a", "b", "c"), List.of());
        assertThat(mesh.peersOf("b")).containsExactly("a", "c");
        assertThat(mesh.peerCount("a")).isEqualTo(2);
        assertThat(mesh.peered("a", "c")).isTrue();
        assertThat(mesh.spokes()).isEmpty();
    }

    private static Export export(String cluster, String namespace, String service) {
        return new Export("/x", cluster, namespace, service, List.of());
    }

    @Test
    void onlyIstioFederationAndMulticlusterAreAlliances() {
        assertThat(mesh(MeshType.FEDERATION, Provider.ISTIO, List.of(), List.of())
                        .isIstioAlliance())
                .isTrue();
        assertThat(mesh(MeshType.MULTICLUSTER, Provider.ISTIO, List.of(), List.of())
                        .isIstioAlliance())
                .isTrue();
        assertThat(mesh(MeshType.SINGLE, Provider.ISTIO, List.of(), List.of()).isIstioAlliance())
                .isFalse();
        assertThat(mesh(MeshType.MULTICLUSTER, Provider.CILIUM, List.of(), List.of())
                        .isIstioAlliance())
                .isFalse();
    }

    @Test
    void membersAndTheirPointers() {
        Mesh mesh = mesh(MeshType.FEDERATION, Provider.ISTIO, List.of("msk", "spb", "ams"), List.of());
        assertThat(mesh.has("spb")).isTrue();
        assertThat(mesh.has("kzn")).isFalse();
        assertThat(mesh.memberPointer("ams")).isEqualTo("/spec/meshes/1/clusters/2");
        assertThat(mesh.memberPointer("msk")).isEqualTo("/spec/meshes/1/clusters/0");
    }

    @Test
    void exportersOfAServiceOrOfANamespaceInTopologyOrderWithoutRepeats() {
        Mesh mesh = mesh(
                MeshType.FEDERATION,
                Provider.ISTIO,
                List.of("msk", "spb", "ams"),
                List.of(
                        export("spb", "shop", "catalog"),
                        export("msk", "shop", "cart"),
                        export("spb", "shop", "cart"),
                        export("ams", "shop", "catalog"),
                        export("ams", "bank", "catalog")));
        assertThat(mesh.exporters("shop", Optional.of("catalog"))).containsExactly("spb", "ams");
        assertThat(mesh.exporters("shop", Optional.of("cart"))).containsExactly("msk", "spb");
        assertThat(mesh.exporters("shop", Optional.empty())).containsExactly("spb", "msk", "ams");
        assertThat(mesh.exporters("shop", Optional.of("nothing"))).isEmpty();
        assertThat(mesh.exporters("other", Optional.empty())).isEmpty();
    }

    @Test
    void listsAreCopied() {
        List<String> clusters = new ArrayList<>(List.of("msk"));
        Mesh mesh = mesh(MeshType.FEDERATION, Provider.ISTIO, clusters, List.of());
        clusters.add("spb");
        assertThat(mesh.has("spb")).isFalse();
        assertThatThrownBy(() -> mesh.exports().add(export("a", "b", "c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
