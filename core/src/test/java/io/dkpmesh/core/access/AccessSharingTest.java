package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.validate.TopologyValidator;
import io.dkpmesh.core.validate.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluator shares what targets have in common: equal policy objects (parsed once, in
 * whichever cluster), the decisions of a caller cluster per policies and route, and whole rows
 * of decisions per cluster, policies and export. Sharing must never hand one target the verdicts
 * of another: each matrix here equals the one computed with every target decided on its own, and
 * targets whose policies differ only in content (same object name, other principals) keep their
 * own verdicts, tables and findings.
 */
class AccessSharingTest {

    @TempDir
    Path dir;

    static List<Path> goldenCases() {
        return GoldenCases.all();
    }

    /** Every golden fleet: the shared matrix is the one each target gets when decided on its own. */
    @ParameterizedTest
    @MethodSource("goldenCases")
    void sharingChangesNoVerdict(Path goldenCase) throws Exception {
        Topology topology = validated(goldenCase.resolve("topology.yaml"));
        FleetObjects objects = FleetObjects.read(clusterFiles(GoldenCases.files(GoldenCases.expected(goldenCase))));
        assertSameAsUnshared(topology, objects);
    }

    /**
     * Two members of a multicluster hold an AuthorizationPolicy of the same name for the same
     * Service, with other principals: the callers of each are decided by its own, though the
     * callers' identities and routes are alike.
     */
    @Test
    void equalNamesWithOtherRulesKeepTheirOwnVerdicts() throws Exception {
        Topology topology = topology(MULTICLUSTER + PAYMENTS_RULE);
        Map<String, byte[]> files = multicluster();
        put(files, "clusters/msk/mesh/authorizationpolicy-shop.payments.yaml", policy("checkout"));
        put(files, "clusters/spb/mesh/authorizationpolicy-shop.payments.yaml", policy("ops"));
        put(files, "clusters/ams/mesh/authorizationpolicy-shop.payments.yaml", policy("checkout"));
        FleetObjects objects = FleetObjects.read(files);
        AccessMatrix matrix = assertSameAsUnshared(topology, objects);

        for (String caller : List.of("msk", "spb", "ams")) {
            assertThat(verdict(matrix, new Target("msk", "shop", "payments"), new Caller(caller, "checkout")))
                    .isEqualTo(Verdict.ADMITTED);
            assertThat(verdict(matrix, new Target("msk", "shop", "payments"), new Caller(caller, "ops")))
                    .isEqualTo(Verdict.DENIED);
            assertThat(verdict(matrix, new Target("spb", "shop", "payments"), new Caller(caller, "checkout")))
                    .as("spb's policy lists ops, not checkout")
                    .isEqualTo(Verdict.DENIED);
            assertThat(verdict(matrix, new Target("spb", "shop", "payments"), new Caller(caller, "ops")))
                    .isEqualTo(Verdict.ADMITTED);
            assertThat(verdict(matrix, new Target("ams", "shop", "payments"), new Caller(caller, "checkout")))
                    .isEqualTo(Verdict.ADMITTED);
        }
        assertThat(verdicts(matrix, new Target("ams", "shop", "payments")))
                .as("equal policies in two members: equal verdicts")
                .isEqualTo(verdicts(matrix, new Target("msk", "shop", "payments")))
                .isNotEqualTo(verdicts(matrix, new Target("spb", "shop", "payments")));

        // the page groups msk and ams (equal tables) and gives spb a table of its own
        String markdown = AccessReport.markdown(matrix);
        assertThat(markdown).contains("### `ams/shop/payments`, `msk/shop/payments`\n");
        assertThat(markdown).contains("### `spb/shop/payments`\n");
        assertThat(markdown).isEqualTo(AccessReport.markdown(unshared(topology, objects)));
    }

    /**
     * The comparison with the topology goes by shared segments; where a shared segment disagrees,
     * every target that holds it is reported, as caller-by-caller comparison reports it.
     */
    @Test
    void aDisagreeingSharedSegmentIsReportedForEveryTarget() throws Exception {
        Topology topology = topology(MULTICLUSTER + PAYMENTS_RULE);
        Map<String, byte[]> files = multicluster();
        // msk's and ams's policies (equal, so shared) admit ops too; spb's is what the rule asks
        put(files, "clusters/msk/mesh/authorizationpolicy-shop.payments.yaml", policy("checkout", "ops"));
        put(files, "clusters/spb/mesh/authorizationpolicy-shop.payments.yaml", policy("checkout"));
        put(files, "clusters/ams/mesh/authorizationpolicy-shop.payments.yaml", policy("checkout", "ops"));
        FleetObjects objects = FleetObjects.read(files);
        AccessMatrix shared = new AccessEvaluator(topology, objects).matrix();
        AccessMatrix unshared = unshared(topology, objects);
        assertThat(shared).isEqualTo(unshared);

        String findings = findings(topology, shared);
        assertThat(findings).isEqualTo(findings(topology, unshared));
        assertThat(findings)
                .contains("admit callers this part of the topology does not")
                .contains("msk/ops -> ams/shop/payments")
                .contains("msk/ops -> msk/shop/payments")
                .doesNotContain("-> spb/shop/payments");
    }

    /**
     * With no policy rendered, a Service a rule covers and the stand-in for the other Services of
     * its namespace share one row of decisions: the comparison still asks the rule of the one and
     * not of the other.
     */
    @Test
    void aSharedRowIsComparedWithEachTargetsRules() throws Exception {
        Topology topology = topology(MULTICLUSTER + PAYMENTS_RULE);
        FleetObjects objects = FleetObjects.read(multicluster());
        AccessMatrix shared = assertSameAsUnshared(topology, objects);
        assertThat(access(shared, new Target("msk", "shop", "payments")).decisions())
                .as("one row for both")
                .isSameAs(access(shared, new Target("msk", "shop", "*")).decisions());
        assertThat(findings(topology, shared))
                .contains("admit callers this part of the topology does not: ams/* -> ams/shop/payments")
                .doesNotContain("-> ams/shop/*");
    }

    private AccessMatrix assertSameAsUnshared(Topology topology, FleetObjects objects) {
        AccessMatrix shared = new AccessEvaluator(topology, objects).matrix();
        AccessMatrix unshared = unshared(topology, objects);
        assertThat(shared.targets()).hasSameSizeAs(unshared.targets());
        for (int i = 0; i < shared.targets().size(); i++) {
            assertThat(shared.targets().get(i))
                    .as("target %s", unshared.targets().get(i).target())
                    .isEqualTo(unshared.targets().get(i));
        }
        assertThat(AccessReport.markdown(shared)).isEqualTo(AccessReport.markdown(unshared));
        assertThat(AccessReport.json(shared)).isEqualTo(AccessReport.json(unshared));
        assertThat(findings(topology, shared)).isEqualTo(findings(topology, unshared));
        return shared;
    }

    private static AccessMatrix unshared(Topology topology, FleetObjects objects) {
        AccessMatrix matrix = new AccessEvaluator(topology, objects, false).matrix();
        // the unshared matrix as plain lists: the report and the check then go caller by caller
        return new AccessMatrix(
                matrix.topology(),
                matrix.targets().stream()
                        .map(t -> new TargetAccess(t.target(), t.protectedBy(), List.copyOf(t.decisions())))
                        .toList(),
                matrix.routes(),
                matrix.userPolicies(),
                matrix.assumptions());
    }

    private static String findings(Topology topology, AccessMatrix matrix) {
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        new AccessIntent(topology).check(matrix, findings);
        return findings.sorted().toString();
    }

    private Topology topology(String yaml) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, yaml);
        return validated(file);
    }

    private static Topology validated(Path file) {
        Validation validation =
                new TopologyValidator(Providers.validationRules(Providers.BUILT_IN)).validate(file, "topology.yaml");
        assertThat(validation.findings()).as("valid topology").noneMatch(io.dkpmesh.core.api.Finding::isError);
        return validation.topology().orElseThrow();
    }

    /** The files under {@code clusters/} of a rendered tree, as the evaluator reads them. */
    private static Map<String, byte[]> clusterFiles(SortedMap<String, byte[]> tree) {
        Map<String, byte[]> files = new TreeMap<>();
        tree.forEach((path, content) -> {
            if (path.startsWith("clusters/")) {
                files.put(path, content);
            }
        });
        return files;
    }

    static final String MULTICLUSTER = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: shop
            spec:
              clusters:
                - {name: msk, edition: EE, region: ru-central, clusterDomain: fleet.local, publicDomain: k8s-msk.example.com,
                   podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16}
                - {name: spb, edition: EE, region: ru-central, clusterDomain: fleet.local, publicDomain: k8s-spb.example.com,
                   podSubnetCIDR: 10.112.0.0/16, serviceSubnetCIDR: 10.223.0.0/16}
                - {name: ams, edition: EE, region: eu-west, clusterDomain: fleet.local, publicDomain: k8s-ams.example.com,
                   podSubnetCIDR: 10.113.0.0/16, serviceSubnetCIDR: 10.224.0.0/16}
              meshes:
                - name: shop
                  type: multicluster
                  provider: istio
                  clusters: [msk, spb, ams]
                  namespaces: [shop, checkout, ops]
            """;

    /** Names shop/payments as a target (the matrix lists what the topology names). */
    static final String PAYMENTS_RULE = """
                  access:
                    - namespace: shop
                      service: payments
                      from:
                        - {namespace: checkout}
            """;

    /** Each member holds an IstioMulticluster for each other member (pod to pod, no gateway). */
    private static Map<String, byte[]> multicluster() {
        Map<String, byte[]> files = new TreeMap<>();
        List<String> members = List.of("msk", "spb", "ams");
        for (String here : members) {
            for (String there : members) {
                if (!here.equals(there)) {
                    put(files, "clusters/" + here + "/mesh/istiomulticluster-" + there + ".yaml", """
                            apiVersion: deckhouse.io/v1alpha1
                            kind: IstioMulticluster
                            metadata: {name: %s}
                            spec:
                              metadataEndpoint: https://istio-metadata.k8s-%s.example.com/metadata/
                              enableIngressGateway: false
                            """.formatted(
                                    there, there));
                }
            }
        }
        return files;
    }

    private static String policy(String... namespaces) {
        StringBuilder sources = new StringBuilder();
        for (String namespace : namespaces) {
            sources.append("        - source: {principals: [\"fleet.local/ns/")
                    .append(namespace)
                    .append("/sa/*\"]}\n");
        }
        return """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: payments, namespace: shop}
                spec:
                  selector: {matchLabels: {app: payments}}
                  rules:
                    - from:
                """ + sources;
    }

    private static void put(Map<String, byte[]> files, String path, String yaml) {
        files.put(path, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static TargetAccess access(AccessMatrix matrix, Target target) {
        return matrix.targets().stream()
                .filter(t -> t.target().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no target " + target));
    }

    private static List<Verdict> verdicts(AccessMatrix matrix, Target target) {
        return access(matrix, target).decisions().stream()
                .map(Decision::verdict)
                .toList();
    }

    private static Verdict verdict(AccessMatrix matrix, Target target, Caller caller) {
        for (Decision decision : access(matrix, target).decisions()) {
            if (decision.caller().equals(caller)) {
                return decision.verdict();
            }
        }
        throw new AssertionError("no caller " + caller + " of " + target);
    }
}
