package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.testing.InMemory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster in two meshes protects one namespace for callers from both: a rule may name only its
 * own mesh's clusters, so each mesh has its rule, and the target's one AuthorizationPolicy admits the
 * callers of both (Istio ALLOW rules add up, which is what two rules in two meshes mean).
 */
class IstioServicePlannerTest {

    @TempDir
    Path work;

    private static String cluster(String name, int n) {
        return """
                    - name: %s
                      edition: EE
                      region: ru-central
                      clusterDomain: %s.local
                      publicDomain: k8s-%s.example.com
                      podSubnetCIDR: 10.%d.0.0/16
                      serviceSubnetCIDR: 10.%d.0.0/16
                """.formatted(name, name, name, 110 + n, 210 + n);
    }

    private static String topology(String northCallers, String southAccess) {
        return """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: two-meshes
                spec:
                  clusters:
                """ + cluster("msk", 1) + cluster("spb", 2) + cluster("ams", 3) + """
                  meshes:
                    - name: north
                      type: federation
                      provider: istio
                      clusters: [msk, spb]
                      exports:
                        - {cluster: msk, namespace: shop, service: catalog}
                      access:
                        - {namespace: shop, from: %s}
                    - name: south
                      type: federation
                      provider: istio
                      clusters: [msk, ams]
                      exports:
                        - {cluster: msk, namespace: shop, service: catalog}
                """.formatted(northCallers)
                + southAccess;
    }

    @Test
    void listingAnotherMeshsCallerSaysToWriteTheRuleInTheMeshItShares() {
        InMemory.Result tried = InMemory.render(topology("[{cluster: spb}, {cluster: ams}]", ""), work);
        assertThat(tried.errors())
                .singleElement()
                .extracting(Finding::message)
                .isEqualTo("caller cluster 'ams' is not a member of mesh 'north'; only members can call through it;"
                        + " to admit callers from 'ams', write an access rule for shop in mesh 'south', which 'ams'"
                        + " shares with 'msk': the rules of every mesh that protect one target add up in its policy");
    }

    @Test
    void followingThatAdviceRendersOnePolicyAdmittingTheCallersOfBothMeshes() {
        InMemory.Result result = InMemory.render(topology("[{cluster: spb}]", """
                              access:
                                - {namespace: shop, from: [{cluster: ams}]}
                        """), work);
        assertThat(result.errors()).isEmpty();
        assertThat(result.files()).doesNotContainKeys("clusters/spb/mesh/authorizationpolicy-shop.yaml");
        assertThat(result.yaml("clusters/msk/mesh/authorizationpolicy-shop.yaml")
                        .at("/spec/rules/0/from")
                        .toString())
                .isEqualTo(
                        "[{\"source\":{\"principals\":[\"spb.local/*\"]}},{\"source\":{\"principals\":[\"ams.local/*\"]}}]");
    }
}
