package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.CrdCelRules;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.InMemory;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of the Istio and Flux CRDs in
 * {@code shared/upstream} (istio {@code manifests/charts/base/files/crd-all.gen.yaml}, fluxcd
 * kustomize-controller and helm-controller {@code config/crd/bases/}) hold for every object of
 * every golden tree and example: the API server runs them before it stores an object, so a broken
 * one fails at apply time (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go).
 * Evaluated with Google's CEL for Java ({@link CrdCelRules}); the rules cel-java cannot compile are
 * listed here by name, and an object that reaches one fails.
 */
class UpstreamCelRulesTest {

    /**
     * Rules that use Kubernetes' own CEL libraries, which cel-java does not ship
     * (k8s.io/apiserver pkg/cel/library/urls.go: {@code url()}), so they are not evaluated: the
     * kinds that hold them (Istio ProxyConfig, Telemetry, WasmPlugin, RequestAuthentication and
     * the like) are not rendered by dkp-mesh, and an object reaching one fails below.
     */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "url(self).getScheme() in [\"http\", \"https\"]",
            "Kubernetes URL library (url, getScheme)",
            "isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"]) : (isURL(\"http://\" + self) &&\n"
                    + "url(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"])",
            "Kubernetes URL library (isURL, url, getScheme)");

    static Stream<Path> documents() {
        Stream<Path> golden = GoldenCases.all().stream().map(GoldenCases::expected);
        Stream<Path> examples;
        try (Stream<Path> dirs = Files.list(Path.of("..", "examples"))) {
            examples = dirs.map(d -> d.resolve("rendered")).filter(Files::isDirectory).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Stream.concat(golden, examples).flatMap(dir -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void everyRuleCompilesOrIsListedAsUnsupported() {
        CrdCelRules rules = CrdCelRules.load();
        assertThat(rules.rules()).as("rules read from the CRDs").hasSizeGreaterThan(300);
        Map<String, String> unsupported = new TreeMap<>();
        rules.unsupported().forEach((rule, why) -> unsupported.put(rule.expression(), why));
        assertThat(unsupported.keySet())
                .as("rules cel-java cannot compile: %s", unsupported)
                .isEqualTo(UNSUPPORTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyRenderedObjectKeepsItsCrdsCelRules(Path file) throws IOException {
        CrdCelRules rules = CrdCelRules.load();
        for (JsonNode object : UpstreamSchemas.loadYaml(file)) {
            if (!rules.defines(object)) {
                continue;
            }
            CrdCelRules.Result result = rules.check(object);
            assertThat(result.unsupportedReached())
                    .as("%s reaches rules this test cannot evaluate", file)
                    .isEmpty();
            assertThat(result.violations())
                    .as("%s breaks its CRD's CEL rules", file)
                    .isEmpty();
        }
    }

    @Test
    void theRulesRunOnWhatDkpMeshRenders() {
        // not a vacuous pass: rendered DestinationRules and Flux HelmReleases do reach rules (the Flux
        // Kustomization's only rules are on spec.kubeConfig, which dkp-mesh never sets)
        CrdCelRules rules = CrdCelRules.load();
        Map<String, Integer> evaluated = documents()
                .flatMap(file -> UpstreamSchemas.loadYaml(file).stream())
                .filter(rules::defines)
                .collect(Collectors.toMap(
                        o -> o.path("kind").asString(), o -> rules.check(o).evaluated(), Integer::sum, TreeMap::new));
        assertThat(evaluated).containsKeys("DestinationRule", "HelmRelease", "Kustomization");
        assertThat(evaluated.get("DestinationRule")).isPositive();
        assertThat(evaluated.get("HelmRelease")).isPositive();
    }

    @Test
    void aZeroDurationIsRefused() {
        // istio crd-all.gen.yaml, DestinationRule outlierDetection.interval: duration(self) >= duration('1ms')
        assertThat(violations("""
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: payments, namespace: shop}
                        spec:
                          host: payments.shop.svc.msk.local
                          trafficPolicy:
                            outlierDetection: {consecutive5xxErrors: 5, interval: 0s, baseEjectionTime: 30s}
                        """)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("spec.trafficPolicy.outlierDetection.interval");
            assertThat(v.expression()).isEqualTo("duration(self) >= duration('1ms')");
        });
        assertThat(violations("""
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: payments, namespace: shop}
                        spec:
                          host: payments.shop.svc.msk.local
                          trafficPolicy:
                            outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}
                        """)).isEmpty();
    }

    /**
     * The topology schema admits {@code 0s}; the DestinationRule CRD does not. The render refuses it
     * at the topology's line, and what it does render at the limit passes the CRD's rule.
     */
    @Test
    void aDurationTheCrdRefusesIsRefusedAtTheTopologysLine(@TempDir Path work) {
        String topology = Topologies.FEDERATION + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {consecutive5xxErrors: 5, interval: %s, baseEjectionTime: 30s}
                """;
        InMemory.Result refused = InMemory.render(topology.formatted("0s"), work);
        assertThat(refused.errors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM501");
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0/circuitBreaker/interval");
        });
        InMemory.Result rendered = InMemory.render(topology.formatted("1ms"), work);
        assertThat(rendered.errors()).isEmpty();
        JsonNode rule = rendered.yaml("clusters/msk/mesh/destinationrule-shop.catalog.yaml");
        assertThat(rule.at("/spec/trafficPolicy/outlierDetection/interval").asString())
                .isEqualTo("1ms");
        CrdCelRules.Result result = CrdCelRules.load().check(rule);
        assertThat(result.evaluated()).isPositive();
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void aDuplicatePortIsRefused() {
        // istio crd-all.gen.yaml, ServiceEntry spec.ports: self.all(l1, self.exists_one(l2, l1.number == l2.number))
        assertThat(violations("""
                        apiVersion: networking.istio.io/v1
                        kind: ServiceEntry
                        metadata: {name: payments, namespace: shop}
                        spec:
                          hosts: [payments.example.com]
                          resolution: DNS
                          ports:
                            - {number: 443, name: https, protocol: TLS}
                            - {number: 443, name: https-2, protocol: TLS}
                        """))
                .extracting(CrdCelRules.Violation::message)
                .containsExactly("port number cannot be duplicated");
    }

    @Test
    void aHelmReleaseWithBothChartAndChartRefIsRefused() {
        // fluxcd/helm-controller helm.toolkit.fluxcd.io_helmreleases.yaml: either chart or chartRef must be set
        assertThat(violations("""
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata: {name: cilium, namespace: kube-system}
                        spec:
                          interval: 10m
                          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
                          chartRef: {kind: OCIRepository, name: cilium}
                        """)).isNotEmpty();
    }

    private static java.util.List<CrdCelRules.Violation> violations(String yaml) {
        CrdCelRules.Result result = CrdCelRules.load().check(UpstreamSchemas.yaml(yaml));
        assertThat(result.unsupportedReached()).isEmpty();
        assertThat(result.evaluated()).isPositive();
        return result.violations();
    }
}
