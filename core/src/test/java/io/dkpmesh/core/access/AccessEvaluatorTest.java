package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.validate.TopologyValidator;
import io.dkpmesh.core.validate.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reach is read from hand-written objects, not from the topology: DKP federates two clusters only
 * when each holds an IstioFederation for the other (each imports the other's root CA and public
 * services: ee/modules/110-istio hooks, FEDERATION.md "mutual root certificate exchange"), and a
 * Service is imported only when its exporter labels it public (DOMAIN.md §1.9), as kustomize
 * applies the Component's patch to it.
 */
class AccessEvaluatorTest {

    @TempDir
    Path dir;

    Topology topology() throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, Topologies.FEDERATION);
        Validation validation = new TopologyValidator().validate(file, "topology.yaml");
        return validation.topology().orElseThrow();
    }

    static void put(Map<String, byte[]> files, String path, String yaml) {
        files.put(path, yaml.getBytes(StandardCharsets.UTF_8));
    }

    static String federation(String trustDomain) {
        return "apiVersion: deckhouse.io/v1alpha1\nkind: IstioFederation\nmetadata: {name: peer}\nspec: {trustDomain: "
                + trustDomain + "}\n";
    }

    static final String EXPORTS = """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            patches:
              - path: service.shop.catalog.yaml
                target: {version: v1, kind: Service, namespace: shop, name: catalog}
            """;
    static final String PUBLIC = """
            apiVersion: v1
            kind: Service
            metadata: {name: catalog, namespace: shop, labels: {"federation.istio.deckhouse.io/public-service": ""}}
            """;

    static Decision decision(AccessMatrix matrix, Target target, Caller caller) {
        return AccessOracleTest.decision(matrix, target, caller);
    }

    @Test
    void federationNeedsBothSidesAndTheExportLabel() throws Exception {
        Topology topology = topology();
        Target catalog = new Target("msk", "shop", "catalog");
        Caller spb = new Caller("spb", "shop");

        Map<String, byte[]> files = new TreeMap<>();
        put(files, "clusters/msk/mesh/istiofederation-spb.yaml", federation("spb.local"));
        put(files, "clusters/msk/components/service-exports/kustomization.yaml", EXPORTS);
        put(files, "clusters/msk/components/service-exports/service.shop.catalog.yaml", PUBLIC);
        assertThat(decision(new AccessEvaluator(topology, FleetObjects.read(files)).matrix(), catalog, spb)
                        .verdict())
                .as("spb holds no IstioFederation for msk")
                .isEqualTo(Verdict.UNREACHABLE);

        put(files, "clusters/spb/mesh/istiofederation-msk.yaml", federation("msk.local"));
        Decision admitted = decision(new AccessEvaluator(topology, FleetObjects.read(files)).matrix(), catalog, spb);
        assertThat(admitted.verdict()).isEqualTo(Verdict.ADMITTED);
        assertThat(admitted.reason()).isEqualTo("no policy selects it");
        assertThat(admitted.via()).isEqualTo("istio federation, through the ingress gateway");

        files.remove("clusters/msk/components/service-exports/kustomization.yaml");
        Decision unlisted = decision(new AccessEvaluator(topology, FleetObjects.read(files)).matrix(), catalog, spb);
        assertThat(unlisted.verdict())
                .as("a patch no Component lists labels nothing")
                .isEqualTo(Verdict.UNREACHABLE);
        assertThat(unlisted.reason()).startsWith("not exported");
    }

    @Test
    void inClusterCallersAlwaysReachAndCarryTheirTrustDomain() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        put(files, "clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml", """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: catalog, namespace: shop}
                spec:
                  selector: {matchLabels: {app: catalog}}
                  rules: [{from: [{source: {principals: ["msk.local/ns/checkout/sa/*"]}}]}]
                """);
        AccessMatrix matrix = new AccessEvaluator(topology(), FleetObjects.read(files)).matrix();
        Target catalog = new Target("msk", "shop", "catalog");
        assertThat(matrix.targets().stream()
                        .filter(t -> t.target().equals(catalog))
                        .findFirst()
                        .orElseThrow()
                        .protectedBy())
                .containsExactly("authorizationpolicy-shop.catalog");
        // the topology names no checkout namespace, so the stand-in "*" is the only other caller
        assertThat(decision(matrix, catalog, new Caller("msk", "shop")).verdict())
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, new Target("msk", "shop", "*"), new Caller("msk", "shop"))
                        .verdict())
                .as("the selector does not select other workloads")
                .isEqualTo(Verdict.ADMITTED);
    }
}
