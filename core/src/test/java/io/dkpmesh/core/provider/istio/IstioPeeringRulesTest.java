package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.testing.InMemory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topologies whose Istio meshes reach further than one mesh says, because DKP decides per cluster,
 * not per mesh: refused at the line that causes it, never as a dkp-mesh defect (DKPM540).
 */
class IstioPeeringRulesTest {

    @TempDir
    Path dir;

    private static final String CLUSTERS = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
              clusters:
                - {name: msk, edition: EE, region: ru, clusterDomain: msk.local, publicDomain: k8s-msk.example.com,
                   podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16}
                - {name: spb, edition: EE, region: ru, clusterDomain: spb.local, publicDomain: k8s-spb.example.com,
                   podSubnetCIDR: 10.112.0.0/16, serviceSubnetCIDR: 10.223.0.0/16}
                - {name: ams, edition: EE, region: eu, clusterDomain: ams.local, publicDomain: k8s-ams.example.com,
                   podSubnetCIDR: 10.113.0.0/16, serviceSubnetCIDR: 10.224.0.0/16}
            """;

    /**
     * msk exports shop/catalog in one federation only. DKP's metadata exporter serves every Service
     * labelled federation.istio.deckhouse.io/public-service= to every IstioFederation peer of the
     * cluster (deckhouse ee/modules/110-istio/templates/metadata-exporter/, and the per-peer
     * ServiceEntries of ee/modules/110-istio/templates/federation/remote-services.yaml are built from
     * each peer's public metadata), so ams gets it too.
     */
    @Test
    void aClusterInTwoFederationsExportsToBoth() {
        InMemory.Result result = InMemory.render(CLUSTERS + """
                  meshes:
                    - name: north
                      type: federation
                      provider: istio
                      clusters: [msk, spb]
                      exports:
                        - {cluster: msk, namespace: shop, service: catalog}
                    - name: west
                      type: federation
                      provider: istio
                      clusters: [msk, ams]
                      exports:
                        - {cluster: msk, namespace: shop, service: payments}
                """, dir);
        List<Finding> errors = result.errors();
        assertThat(errors).noneMatch(f -> f.code().equals("DKPM540"));
        assertThat(errors)
                .anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo("DKPM316");
                    assertThat(f.pointer()).isEqualTo("/spec/meshes/0/exports/0");
                    assertThat(f.message())
                            .contains("every IstioFederation peer")
                            .contains("'west'")
                            .contains("{cluster: msk, namespace: shop, service: catalog}");
                })
                .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/spec/meshes/1/exports/0"));
    }

    @Test
    void theSameExportsInBothFederationsRender() {
        InMemory.Result result = InMemory.render(CLUSTERS + """
                  meshes:
                    - name: north
                      type: federation
                      provider: istio
                      clusters: [msk, spb]
                      exports:
                        - {cluster: msk, namespace: shop, service: catalog}
                    - name: west
                      type: federation
                      provider: istio
                      clusters: [msk, ams]
                      exports:
                        - {cluster: msk, namespace: shop, service: catalog}
                """, dir);
        assertThat(result.errors()).isEmpty();
    }

    /**
     * msk and spb share a multicluster, so they share one trust domain; a federation rule admitting
     * a namespace renders source.namespaces (istio pilot/pkg/security/authz/builder: a principal
     * *&#47;ns/checkout/* in every trust domain the policy trusts), which admits spb/checkout too.
     */
    @Test
    void aNamespaceRuleInAFederationAlsoAdmitsTheMulticlusterPeer() {
        String topology = """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: retail
                spec:
                  clusters:
                    - {name: msk, edition: EE, region: ru, clusterDomain: ru.local, publicDomain: k8s-msk.example.com,
                       podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16}
                    - {name: spb, edition: EE, region: ru, clusterDomain: ru.local, publicDomain: k8s-spb.example.com,
                       podSubnetCIDR: 10.112.0.0/16, serviceSubnetCIDR: 10.223.0.0/16}
                    - {name: ams, edition: EE, region: eu, clusterDomain: ams.local, publicDomain: k8s-ams.example.com,
                       podSubnetCIDR: 10.113.0.0/16, serviceSubnetCIDR: 10.224.0.0/16}
                  meshes:
                    - name: ru
                      type: multicluster
                      provider: istio
                      clusters: [msk, spb]
                    - name: world
                      type: federation
                      provider: istio
                      clusters: [msk, ams]
                      exports:
                        - {cluster: msk, namespace: shop, service: payments}
                      access:
                        - namespace: shop
                          service: payments
                          from:
                            - {namespace: checkout}
                """;
        InMemory.Result result = InMemory.render(topology, dir);
        assertThat(result.errors()).noneMatch(f -> f.code().equals("DKPM540"));
        assertThat(result.errors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM515");
            assertThat(f.pointer()).isEqualTo("/spec/meshes/1/access/0/from/0");
            assertThat(f.message())
                    .contains(
                            "namespace 'checkout' of 'spb' (trust domain 'ru.local', reaching 'msk' through multicluster 'ru')")
                    .contains("add the same access rule");
        });

        // what the finding says to write: the multicluster admits checkout too, and the render goes ahead
        InMemory.Result fixed = InMemory.render(
                topology.replace(
                        "      clusters: [msk, spb]\n",
                        "      clusters: [msk, spb]\n      access:\n"
                                + "        - {namespace: shop, service: payments, from: [{namespace: checkout}]}\n"),
                dir);
        assertThat(fixed.errors()).isEmpty();
    }
}
