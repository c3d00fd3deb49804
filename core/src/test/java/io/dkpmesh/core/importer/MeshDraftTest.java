package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A mesh draft writes the topology's fields in the schema's order, and only what differs from the defaults. */
class MeshDraftTest {

    @Test
    void itWritesItsFieldsInTheTopologysOrderWithoutDefaults() {
        MeshDraft draft = new MeshDraft("multicluster", "cilium", List.of("a", "b", "c"), "cilium");
        draft.name = "cm";
        draft.mtls = "STRICT";
        draft.flatNetwork = true;
        draft.maxConnectedClusters = 255L;
        draft.ingressGateway = Map.of("inlet", "NodePort");
        draft.namespaces.add("shop");

        assertThat(draft.toMap().keySet())
                .containsExactly(
                        "name", "type", "provider", "clusters", "ingressGateway", "flatNetwork", "mtls", "namespaces");

        draft.maxConnectedClusters = 511L;
        draft.hubs = List.of("a");
        assertThat(draft.toMap()).containsEntry("cilium", Map.of("maxConnectedClusters", 511L));
        assertThat(draft.toMap().keySet()).containsSubsequence("clusters", "hubs", "ingressGateway", "cilium", "mtls");
    }

    @Test
    void anotherTypeKeepsMembersHubsAndPeerLink() {
        MeshDraft draft = new MeshDraft("multicluster", "cilium", List.of("a", "b", "c"), "cilium");
        draft.hubs = List.of("a");

        MeshDraft federation = draft.withType("federation");

        assertThat(federation.type).isEqualTo("federation");
        assertThat(federation.members).isEqualTo(draft.members);
        assertThat(federation.hubs).containsExactly("a");
        assertThat(federation.model).isEqualTo("cilium");
        assertThat(new MeshDraft("single", "istio", List.of("a")).model).isNull();
    }

    @Test
    void aCallerRunningAsAPlatformComponentIsThatPlatform() {
        assertThat(MeshDraft.caller(Optional.of("a"), Optional.of("d8-ingress-nginx"), Optional.of("ingress-nginx")))
                .isEqualTo(Map.of("cluster", "a", "platform", "ingress-nginx"));
        assertThat(MeshDraft.caller(Optional.empty(), Optional.of("shop"), Optional.of("*")))
                .isEqualTo(Map.of("namespace", "shop"));
        assertThat(MeshDraft.caller(Optional.empty(), Optional.of("shop"), Optional.of("web")))
                .containsExactly(Map.entry("namespace", "shop"), Map.entry("serviceAccount", "web"));
    }
}
