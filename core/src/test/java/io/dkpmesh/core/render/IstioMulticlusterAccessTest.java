package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.InMemory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A multicluster member may also federate with clusters outside the multicluster; its istiod then
 * trusts their trust domains too, and {@code source.namespaces} would admit their namespace of that
 * name (istio {@code pilot/pkg/security/authz/builder/}). The members share one trust domain, so a
 * namespace caller is that namespace in it.
 */
class IstioMulticlusterAccessTest {

    @TempDir
    Path work;

    private static String cluster(String name, String domain, int n) {
        return """
                    - name: %s
                      edition: EE
                      region: ru-central
                      clusterDomain: %s
                      publicDomain: k8s-%s.example.com
                      podSubnetCIDR: 10.%d.0.0/16
                      serviceSubnetCIDR: 10.%d.0.0/16
                """.formatted(name, domain, name, 110 + n, 210 + n);
    }

    @Test
    void aNamespaceCallerIsThatNamespaceInTheSharedTrustDomain() {
        String topology = """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: mixed
                spec:
                  clusters:
                """ + cluster("msk", "retail.local", 1) + cluster("spb", "retail.local", 2)
                + cluster("partner", "partner.local", 3) + """
                  meshes:
                    - name: mc
                      type: multicluster
                      provider: istio
                      clusters: [msk, spb]
                      namespaces: [shop]
                      access:
                        - {namespace: shop, service: catalog, from: [{namespace: web}]}
                    - name: fed
                      type: federation
                      provider: istio
                      clusters: [msk, partner]
                      exports:
                        - {cluster: partner, namespace: orders, service: history}
                """;
        InMemory.Result result = InMemory.render(topology, work);
        assertThat(result.errors()).isEmpty();
        JsonNode policy = result.yaml("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml");

        assertThat(IstioFederationTest.admits(policy, "retail.local/ns/web/sa/default"))
                .isTrue();
        assertThat(IstioFederationTest.admits(policy, "partner.local/ns/web/sa/default"))
                .as("msk's federation peer")
                .isFalse();
    }
}
