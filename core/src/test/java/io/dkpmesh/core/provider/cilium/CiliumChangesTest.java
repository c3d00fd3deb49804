package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.change.TreeFacts;
import io.dkpmesh.core.change.TreeFacts.Delivery;
import io.dkpmesh.core.provider.cilium.CiliumChanges.Identity;
import io.dkpmesh.core.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * What Cilium reads of a tree for {@code diff}, from hand-written files: the chart's
 * {@code cluster.name}, {@code cluster.id} and {@code clustermesh.maxConnectedClusters} (cilium
 * chart values.yaml) from a values file, a Flux HelmRelease or an Argo CD Application, and a
 * Cilium federation exporter's shared Services. Its transitions (DKPM801, DKPM802) are proved end
 * to end by {@code change.TransitionsTest}.
 */
class CiliumChangesTest {

    private static final String VALUES = """
            cluster:
              name: msk
              id: 7
            clustermesh:
              maxConnectedClusters: 255
            """;

    private static TreeFacts read(SortedMap<String, byte[]> files) {
        return TreeFacts.of(files, List.of(new CiliumChanges()));
    }

    private static Map<String, Identity> identities(TreeFacts facts) {
        return ((CiliumChanges.Facts) facts.meshes().get(0)).identities();
    }

    @Test
    void theIdentityIsTheValuesFileOfEachCluster() {
        TreeFacts facts = read(Trees.of(
                "clusters/msk/cilium/clustermesh-values.yaml", VALUES,
                "clusters/spb/cilium/clustermesh-values.yaml", "clustermesh: {maxConnectedClusters: 255}\n",
                "clusters/ams/other/clustermesh-values.yaml", VALUES));
        assertThat(identities(facts))
                .as("spb's values name no cluster; ams's file is not the values file")
                .containsExactly(Map.entry("msk", new Identity("msk", "7", "255")));
        assertThat(facts.clusters()).containsExactly("ams", "msk", "spb");
    }

    @Test
    void aHelmReleasesValuesNameTheIdentityOfItsCluster() {
        TreeFacts facts = read(Trees.of(
                "gitops/flux/msk/helmrelease-cilium.yaml",
                "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cilium\nspec:\n  values:\n"
                        + "    cluster: {name: msk, id: 3}\n    clustermesh: {maxConnectedClusters: 511}\n"));
        assertThat(identities(facts)).containsExactly(Map.entry("msk", new Identity("msk", "3", "511")));
        assertThat(facts.members()).containsExactly("msk");
    }

    @Test
    void aFleetWideCiliumApplicationBelongsToTheClusterItsValuesName() {
        TreeFacts facts = read(Trees.of("gitops/argocd/application-cilium-ams.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: cilium-ams
                spec:
                  source:
                    helm:
                      valuesObject:
                        cluster: {name: ams, id: 2}
                        clustermesh: {maxConnectedClusters: 255}
                """));
        assertThat(identities(facts)).containsExactly(Map.entry("ams", new Identity("ams", "2", "255")));
        assertThat(facts.delivery().map(Delivery::tool)).contains("argocd");
        assertThat(facts.delivery().orElseThrow().names()).containsExactly("Application cilium-ams");
    }

    @Test
    void onlyTheExportersSharedGlobalServicesAreExportsAndItRunsBeforeThePeers() {
        MeshChanges.Reader reader = new CiliumChanges().reader();
        String shared = "kind: Service\nmetadata:\n  annotations: {\"service.cilium.io/global\": \"true\"}\n";
        String consumer = "kind: Service\nmetadata:\n  annotations: {\"service.cilium.io/global\": \"true\","
                + " \"service.cilium.io/shared\": \"false\"}\n";
        String path = "components/cilium-global-services/service.shop.stock.yaml";
        assertThat(reader.exportFolder(path, shared.getBytes(StandardCharsets.UTF_8)))
                .contains("components/cilium-global-services/");
        assertThat(reader.exportFolder(path, consumer.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(new CiliumChanges().point()).isEqualTo(MeshChanges.Point.IDENTITY);
    }
}
