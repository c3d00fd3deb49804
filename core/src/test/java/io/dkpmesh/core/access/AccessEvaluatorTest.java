package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.provider.Providers;
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
        Validation validation =
                new TopologyValidator(Providers.validationRules(Providers.BUILT_IN)).validate(file, "topology.yaml");
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
                .as("a patch no Component lists labels nothing, but DKP's federation gateway (AUTO_PASSTHROUGH, hosts"
                        + " *.<clusterDomain>) forwards any Service to a peer's own ServiceEntry")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(unlisted.via()).isEqualTo("istio federation, through the ingress gateway, not exported");
    }

    /** The boundary IstioPlanner renders on msk's federation gateway (authorizationpolicy-federation-boundary.yaml.ftl). */
    static final String BOUNDARY = """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: dkp-mesh.federation-boundary, namespace: d8-istio}
            spec:
              selector: {matchLabels: {app: ingressgateway}}
              action: DENY
              rules:
                - when:
                    - key: connection.sni
                      notValues: ["outbound_.8080_._.catalog.shop.svc.msk.local"]
            """;

    /**
     * The gateway boundary, hand-worked against istio: the DENY policy selects DKP's gateway pods
     * ({@code app: ingressgateway}, deckhouse ee/modules/110-istio/templates/alliance/ingressgateway/daemonset.yaml),
     * istiod puts its RBAC filter on every passthrough filter chain (istio pilot/pkg/networking/core/gateway.go,
     * buildGatewayListeners: authzBuilder.BuildTCP), each chain matches the SNI outbound_.<port>_._.<host>
     * (builtAutoPassthroughFilterChains, pilot/pkg/model/service.go BuildDNSSrvSubsetKey): a connection for payments
     * carries outbound_.<port>_._.payments.shop.svc.msk.local, which is not among the notValues, so the rule matches
     * and DENY wins; catalog's SNI on 8080 is among them, so nothing matches and it passes.
     */
    @Test
    void federationGatewayBoundaryDeniesWhatIsNotExported() throws Exception {
        Topology topology = topology();
        Caller spb = new Caller("spb", "shop");
        Map<String, byte[]> files = new TreeMap<>();
        put(files, "clusters/msk/mesh/istiofederation-spb.yaml", federation("spb.local"));
        put(files, "clusters/spb/mesh/istiofederation-msk.yaml", federation("msk.local"));
        put(files, "clusters/msk/components/service-exports/kustomization.yaml", EXPORTS);
        put(files, "clusters/msk/components/service-exports/service.shop.catalog.yaml", PUBLIC);
        AccessMatrix open = new AccessEvaluator(topology, FleetObjects.read(files)).matrix();
        assertThat(decision(open, new Target("msk", "shop", "*"), spb).verdict())
                .as("without a boundary the gateway forwards an unexported Service")
                .isEqualTo(Verdict.ADMITTED);

        put(files, "clusters/msk/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml", BOUNDARY);
        AccessMatrix bounded = new AccessEvaluator(topology, FleetObjects.read(files)).matrix();
        Decision other = decision(bounded, new Target("msk", "shop", "*"), spb);
        assertThat(other.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(other.by()).containsExactly("authorizationpolicy-d8-istio.federation-boundary");
        assertThat(other.reason())
                .isEqualTo("denied at msk's federation gateway by authorizationpolicy-d8-istio.federation-boundary:"
                        + " a rule of the DENY policy matches (not exported)");
        assertThat(decision(bounded, new Target("msk", "shop", "catalog"), spb).verdict())
                .as("the exported Service's SNI is among the notValues")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(bounded, new Target("msk", "shop", "*"), new Caller("msk", "shop"))
                        .verdict())
                .as("in-cluster callers do not pass the gateway")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(AccessReport.markdown(bounded))
                .contains("from spb: denied at msk's federation gateway by"
                        + " authorizationpolicy-d8-istio.federation-boundary");
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

    /**
     * A hub-and-spoke federation: spokes hold IstioFederations for the hubs only, so the matrix links
     * a spoke to the hubs (it reaches what they export, they reach what it exports) and lists no other
     * spoke as its caller.
     */
    @Test
    void spokesAreLinkedToTheHubsOnly(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, Files.readString(Path.of("..", "examples", "hub-and-spoke", "topology.yaml")));
        AccessMatrix matrix = new io.dkpmesh.core.DkpMesh(io.dkpmesh.core.api.EngineLog.SILENT)
                .renderInMemory(io.dkpmesh.core.api.RenderRequest.of(topology, dir.resolve("rendered")))
                .access();
        java.util.function.Function<Target, java.util.Set<String>> callerClusters = target -> matrix.targets().stream()
                .filter(t -> t.target().equals(target))
                .flatMap(t -> t.decisions().stream())
                .map(d -> d.caller().cluster())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        Target inventory = new Target("store-kzn", "stock", "inventory");
        assertThat(callerClusters.apply(inventory)).containsExactly("hub-msk", "hub-spb", "store-kzn");
        assertThat(callerClusters.apply(new Target("hub-msk", "shop", "catalog")))
                .containsExactly("hub-msk", "hub-spb", "store-ekb", "store-kzn", "store-nsk");
        assertThat(decision(matrix, inventory, new Caller("hub-msk", "shop")).admitted())
                .as("a hub reaches what a spoke exports")
                .isTrue();
        assertThat(decision(matrix, new Target("hub-spb", "shop", "catalog"), new Caller("store-nsk", "shop"))
                        .admitted())
                .as("a spoke reaches what a hub exports")
                .isTrue();
    }
}
