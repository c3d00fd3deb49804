package io.dkpmesh.core.check;

import static io.dkpmesh.core.testing.UpstreamSchemas.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dkpmesh.core.testing.OutputSamples;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The bundled output schemas ({@code schemas/output}) accept what a correct renderer emits, refuse the rest, and
 * agree with upstream: every accepted sample of a kind whose upstream schema is in {@code shared/upstream} is also
 * accepted there. Argo CD and Flux CRDs are not in shared: only our schema applies to them.
 */
class OutputSchemasTest {

    private static final Path DIR = Path.of("..", "schemas", "output");
    private static final String CILIUM_VALUES = "dkp-mesh.io_CiliumClusterMeshValues.schema.json";
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    /** Where the upstream check comes from. */
    enum Upstream {
        CRD,
        CILIUM_VALUES,
        NONE
    }

    record Sample(String name, String yaml, Upstream upstream) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Broken(String name, String yaml, String schemaFile, String expectedPointer) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ---- samples of exactly what the renderer emits (src/test/resources/output-samples/, shared with
    // UpstreamSchemasTest) --------------------------------------------------------------------------------------

    static final String MODULE_CONFIG = OutputSamples.read("moduleconfig-istio");
    static final String FEDERATION = OutputSamples.read("istiofederation");
    static final String FEDERATION_WITH_CA = OutputSamples.read("istiofederation-with-ca");
    static final String MULTICLUSTER = OutputSamples.read("istiomulticluster");
    static final String KUSTOMIZATION = OutputSamples.read("kustomization");
    static final String COMPONENT = OutputSamples.read("component-service-exports");
    static final String SERVICE_PATCH = OutputSamples.read("service-patch");
    /** The consumer side of a Cilium global Service (CiliumPlanner.consumerServices): ports, no selector. */
    static final String CONSUMER_SERVICE = OutputSamples.read("service-cilium-consumer");

    static final String DESTINATION_RULE = OutputSamples.read("destinationrule-distribute");
    static final String DESTINATION_RULE_FAILOVER = OutputSamples.read("destinationrule-failover");
    static final String VIRTUAL_SERVICE = OutputSamples.read("virtualservice");
    static final String AUTHORIZATION_POLICY = OutputSamples.read("authorizationpolicy");
    static final String CILIUM_NETWORK_POLICY = OutputSamples.read("ciliumnetworkpolicy");
    static final String APPLICATION_SET = OutputSamples.read("applicationset");
    static final String APPLICATION = OutputSamples.read("application-cilium");
    static final String FLUX_KUSTOMIZATION = OutputSamples.read("flux-kustomization");
    static final String HELM_RELEASE = OutputSamples.read("helmrelease-cilium");
    static final String CILIUM_VALUES_SAMPLE = OutputSamples.read("cilium-values");
    static final String CILIUM_CLUSTERWIDE_NETWORK_POLICY = OutputSamples.read("ciliumclusterwidenetworkpolicy");
    static final String PEER_AUTHENTICATION = OutputSamples.read("peerauthentication");

    static Stream<Sample> accepted() {
        return Stream.of(
                new Sample("ModuleConfig istio", MODULE_CONFIG, Upstream.CRD),
                new Sample("IstioFederation", FEDERATION, Upstream.CRD),
                // metadata.ca is in the newest DKP CRD (DOMAIN.md §1.2) but not in the copy in shared: ours only
                new Sample("IstioFederation with metadata.ca", FEDERATION_WITH_CA, Upstream.NONE),
                new Sample("IstioMulticluster", MULTICLUSTER, Upstream.CRD),
                new Sample("Kustomization", KUSTOMIZATION, Upstream.NONE),
                new Sample("Component", COMPONENT, Upstream.NONE),
                new Sample("Service patch", SERVICE_PATCH, Upstream.NONE),
                // no Kubernetes core OpenAPI in shared/upstream: our schema only
                new Sample("Cilium consumer Service", CONSUMER_SERVICE, Upstream.NONE),
                new Sample("DestinationRule distribute", DESTINATION_RULE, Upstream.CRD),
                new Sample("DestinationRule failover", DESTINATION_RULE_FAILOVER, Upstream.CRD),
                new Sample("VirtualService", VIRTUAL_SERVICE, Upstream.CRD),
                new Sample("AuthorizationPolicy", AUTHORIZATION_POLICY, Upstream.CRD),
                new Sample("PeerAuthentication (mtls STRICT)", PEER_AUTHENTICATION, Upstream.CRD),
                new Sample("CiliumNetworkPolicy", CILIUM_NETWORK_POLICY, Upstream.CRD),
                new Sample("CiliumClusterwideNetworkPolicy", CILIUM_CLUSTERWIDE_NETWORK_POLICY, Upstream.CRD),
                new Sample("ApplicationSet", APPLICATION_SET, Upstream.NONE),
                new Sample("Application (Cilium chart)", APPLICATION, Upstream.NONE),
                new Sample("Flux Kustomization", FLUX_KUSTOMIZATION, Upstream.NONE),
                new Sample("HelmRelease", HELM_RELEASE, Upstream.NONE),
                new Sample("Cilium ClusterMesh values", CILIUM_VALUES_SAMPLE, Upstream.CILIUM_VALUES),
                new Sample(
                        "Cilium values, 511 clusters",
                        CILIUM_VALUES_SAMPLE
                                .replace("id: 1", "id: 300")
                                .replace("maxConnectedClusters: 255", "maxConnectedClusters: 511"),
                        Upstream.CILIUM_VALUES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void ourSchemaAccepts(Sample sample) {
        JsonNode doc = yaml(sample.yaml());
        assertThat(validate(schemaFileFor(sample), doc)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void upstreamAccepts(Sample sample) {
        JsonNode doc = yaml(sample.yaml());
        switch (sample.upstream()) {
            case CRD -> {
                assertThat(UpstreamSchemas.validateCrdObject(doc)).isEmpty();
                if ("ModuleConfig".equals(doc.path("kind").asString())) {
                    assertThat(UpstreamSchemas.validateModuleSettings(
                                    doc.path("metadata").path("name").asString(),
                                    doc.path("spec").path("settings")))
                            .isEmpty();
                }
            }
            case CILIUM_VALUES ->
                assertThat(UpstreamSchemas.validateCiliumHelmValues(doc)).isEmpty();
            case NONE -> {}
        }
    }

    /** Helm values travel inside Argo CD and Flux objects, which leave them free-form: check them there too. */
    @Test
    void embeddedCiliumValuesMatchTheValuesSchema() {
        JsonNode values = yaml(HELM_RELEASE).path("spec").path("values");
        assertThat(validate(CILIUM_VALUES, values)).isEmpty();
        assertThat(UpstreamSchemas.validateCiliumHelmValues(values)).isEmpty();
    }

    static Stream<Broken> refused() {
        String dr = "networking.istio.io_DestinationRule.schema.json";
        String values = CILIUM_VALUES;
        return Stream.of(
                new Broken(
                        "status is never rendered",
                        FEDERATION + "status: {}\n",
                        "deckhouse.io_IstioFederation.schema.json",
                        "/"),
                new Broken(
                        "spec.metadata.endpoint",
                        FEDERATION.replace("  metadataEndpoint:", "  metadata:\n    endpoint:"),
                        "deckhouse.io_IstioFederation.schema.json",
                        "/spec"),
                new Broken(
                        "file:// endpoint",
                        FEDERATION.replace("https://", "file://"),
                        "deckhouse.io_IstioFederation.schema.json",
                        "/spec/metadataEndpoint"),
                new Broken(
                        "bad trustDomain",
                        FEDERATION.replace("spb.local", "spb local"),
                        "deckhouse.io_IstioFederation.schema.json",
                        "/spec/trustDomain"),
                new Broken(
                        "private key as CA",
                        FEDERATION_WITH_CA.replace("MIIBszCCAVmgAwIBAgIUZmFrZQ==", "-----BEGIN PRIVATE KEY-----"),
                        "deckhouse.io_IstioFederation.schema.json",
                        "/spec/metadata/ca"),
                new Broken(
                        "cluster-scoped object with a namespace",
                        FEDERATION.replace("  name: spb", "  name: spb\n  namespace: d8-istio"),
                        "deckhouse.io_IstioFederation.schema.json",
                        "/metadata"),
                new Broken(
                        "server-side metadata",
                        MULTICLUSTER.replace("  name: spb", "  name: spb\n  uid: 42"),
                        "deckhouse.io_IstioMulticluster.schema.json",
                        "/metadata"),
                new Broken(
                        "enableIngressGateway as string",
                        MULTICLUSTER.replace("false", "\"false\""),
                        "deckhouse.io_IstioMulticluster.schema.json",
                        "/spec/enableIngressGateway"),
                new Broken(
                        "ModuleConfig settings without version",
                        MODULE_CONFIG.replace("  version: 2\n", ""),
                        "deckhouse.io_ModuleConfig.schema.json",
                        "/spec"),
                new Broken(
                        "ModuleConfig version 0",
                        MODULE_CONFIG.replace("version: 2", "version: 0"),
                        "deckhouse.io_ModuleConfig.schema.json",
                        "/spec/version"),
                new Broken(
                        "absolute resource",
                        KUSTOMIZATION.replace("- moduleconfig-istio.yaml", "- /etc/passwd"),
                        "kustomize.config.k8s.io_Kustomization.schema.json",
                        "/resources/0"),
                new Broken(
                        "resource above the tree",
                        KUSTOMIZATION.replace("- moduleconfig-istio.yaml", "- ../../secrets"),
                        "kustomize.config.k8s.io_Kustomization.schema.json",
                        "/resources/0"),
                new Broken(
                        "remote resource",
                        KUSTOMIZATION.replace("- moduleconfig-istio.yaml", "- https://evil.example.com/x"),
                        "kustomize.config.k8s.io_Kustomization.schema.json",
                        "/resources/0"),
                new Broken(
                        "component with a spec",
                        COMPONENT + "spec: {}\n",
                        "kustomize.config.k8s.io_Component.schema.json",
                        "/"),
                new Broken(
                        "Service patch with a spec other than a consumer Service's",
                        SERVICE_PATCH + "spec: {type: NodePort}\n",
                        "core_Service.schema.json",
                        "/spec"),
                new Broken(
                        "consumer Service with a selector (local pods would back it)",
                        CONSUMER_SERVICE + "  selector: {app: catalog}\n",
                        "core_Service.schema.json",
                        "/spec"),
                new Broken(
                        "consumer Service that is not global",
                        CONSUMER_SERVICE.replace("\"service.cilium.io/global\": \"true\"", "\"x\": \"y\""),
                        "core_Service.schema.json",
                        "/metadata/annotations"),
                new Broken(
                        "consumer Service sharing its (absent) local backends",
                        CONSUMER_SERVICE.replace(
                                "\"service.cilium.io/shared\": \"false\"", "\"service.cilium.io/shared\": \"true\""),
                        "core_Service.schema.json",
                        "/metadata/annotations/service.cilium.io~1shared"),
                new Broken(
                        "consumer Service port without protocol",
                        CONSUMER_SERVICE.replace("      protocol: \"TCP\"\n", ""),
                        "core_Service.schema.json",
                        "/spec/ports/0"),
                new Broken(
                        "Service patch without namespace",
                        SERVICE_PATCH.replace("  namespace: shop\n", ""),
                        "core_Service.schema.json",
                        "/metadata"),
                new Broken(
                        "failover and distribute together",
                        DESTINATION_RULE.replace(
                                "enabled: true", "enabled: true\n        failover: [{from: a, to: b}]"),
                        dr,
                        "/spec/trafficPolicy/loadBalancer/localityLbSetting"),
                new Broken(
                        "maxEjectionPercent above 100",
                        DESTINATION_RULE.replace("maxEjectionPercent: 50", "maxEjectionPercent: 150"),
                        dr,
                        "/spec/trafficPolicy/outlierDetection/maxEjectionPercent"),
                new Broken(
                        "interval not a duration",
                        DESTINATION_RULE.replace("interval: 10s", "interval: ten"),
                        dr,
                        "/spec/trafficPolicy/outlierDetection/interval"),
                new Broken(
                        "canary weight as string",
                        VIRTUAL_SERVICE.replace("weight: 10", "weight: \"10\""),
                        "networking.istio.io_VirtualService.schema.json",
                        "/spec/http/0/route/1/weight"),
                new Broken(
                        "AUDIT action",
                        AUTHORIZATION_POLICY.replace("action: ALLOW", "action: AUDIT"),
                        "security.istio.io_AuthorizationPolicy.schema.json",
                        "/spec/action"),
                new Broken(
                        "AuthorizationPolicy without namespace",
                        AUTHORIZATION_POLICY.replace("  namespace: shop\n", ""),
                        "security.istio.io_AuthorizationPolicy.schema.json",
                        "/metadata"),
                new Broken(
                        "egress rule",
                        CILIUM_NETWORK_POLICY + "  egress: [{toEndpoints: [{}]}]\n",
                        "cilium.io_CiliumNetworkPolicy.schema.json",
                        "/spec"),
                new Broken(
                        "mass deletion sync",
                        APPLICATION_SET.replace("create-update", "delete-all"),
                        "argoproj.io_ApplicationSet.schema.json",
                        "/spec/syncPolicy/applicationsSync"),
                new Broken(
                        "source and sources",
                        APPLICATION_SET.replace("      source:", "      sources: [{repoURL: x}]\n      source:"),
                        "argoproj.io_ApplicationSet.schema.json",
                        "/spec/template/spec"),
                new Broken(
                        "Cilium Application syncing on its own",
                        APPLICATION + "  syncPolicy: {automated: {prune: true}}\n",
                        "argoproj.io_Application.schema.json",
                        "/spec"),
                new Broken(
                        "ApplicationSet retry without end",
                        APPLICATION_SET.replace("syncOptions: [ServerSideApply=true]", "retry: {limit: -1}"),
                        "argoproj.io_ApplicationSet.schema.json",
                        "/spec/template/spec/syncPolicy/retry/limit"),
                new Broken(
                        "Flux source of unknown kind",
                        FLUX_KUSTOMIZATION.replace("kind: GitRepository", "kind: HelmRepository"),
                        "kustomize.toolkit.fluxcd.io_Kustomization.schema.json",
                        "/spec/sourceRef/kind"),
                new Broken(
                        "Flux path above the repo",
                        FLUX_KUSTOMIZATION.replace("./rendered/clusters/msk", "../other"),
                        "kustomize.toolkit.fluxcd.io_Kustomization.schema.json",
                        "/spec/path"),
                new Broken(
                        "inline kubeconfig",
                        HELM_RELEASE.replace(
                                "secretRef: {name: msk-kubeconfig}", "secretRef: {name: x}\n    value: apiVersion"),
                        "helm.toolkit.fluxcd.io_HelmRelease.schema.json",
                        "/spec/kubeConfig"),
                new Broken(
                        "cluster name default",
                        CILIUM_VALUES_SAMPLE.replace("name: msk", "name: default"),
                        values,
                        "/cluster/name"),
                new Broken(
                        "cluster name too long",
                        CILIUM_VALUES_SAMPLE.replace("name: msk", "name: " + "a".repeat(33)),
                        values,
                        "/cluster/name"),
                new Broken(
                        "cluster id 300 with 255 clusters",
                        CILIUM_VALUES_SAMPLE.replace("id: 1", "id: 300"),
                        values,
                        "/cluster/id"),
                new Broken("cluster id 0", CILIUM_VALUES_SAMPLE.replace("id: 1", "id: 0"), values, "/cluster/id"),
                // the chart's helm method generates a new CA in every helm template (templates/_helpers.tpl
                // cilium.ca.setup)
                new Broken(
                        "certificates by helm",
                        CILIUM_VALUES_SAMPLE.replace("method: cronJob}", "method: helm}"),
                        values,
                        "/clustermesh/apiserver/tls/auto/method"),
                new Broken(
                        "certgen generating a CA",
                        CILIUM_VALUES_SAMPLE.replace("generateCA: false", "generateCA: true"),
                        values,
                        "/certgen/generateCA"),
                new Broken(
                        "maxConnectedClusters 300",
                        CILIUM_VALUES_SAMPLE.replace("maxConnectedClusters: 255", "maxConnectedClusters: 300"),
                        values,
                        "/clustermesh/maxConnectedClusters"),
                new Broken(
                        "peer without address or ips",
                        CILIUM_VALUES_SAMPLE.replace("address: clustermesh.k8s-spb.example.com, ", ""),
                        values,
                        "/clustermesh/config/clusters/0"),
                new Broken(
                        "peer port out of range",
                        CILIUM_VALUES_SAMPLE.replace("port: 2379", "port: 70000"),
                        values,
                        "/clustermesh/config/clusters/0/port"),
                new Broken(
                        "inline peer TLS material",
                        CILIUM_VALUES_SAMPLE.replace(
                                "port: 2379}", "port: 2379, tls: {cert: Zm9v, key: YmFy, caCert: YmF6}}"),
                        values,
                        "/clustermesh/config/clusters/0"),
                new Broken(
                        "inline apiserver TLS material",
                        CILIUM_VALUES_SAMPLE.replace(
                                "authMode: cluster",
                                "authMode: cluster\n      cert: Zm9v\n      key: YmFy\n      caCert: YmF6"),
                        values,
                        "/clustermesh/apiserver/tls"),
                new Broken(
                        "bad tls method",
                        CILIUM_VALUES_SAMPLE.replace("method: cronJob}", "method: manual}"),
                        values,
                        "/clustermesh/apiserver/tls/auto/method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void ourSchemaRefuses(Broken broken) {
        assertThat(validate(broken.schemaFile(), yaml(broken.yaml())))
                .as("errors of %s", broken.name())
                .anyMatch(e ->
                        e.startsWith(broken.expectedPointer() + ":") || e.startsWith(broken.expectedPointer() + "/"));
    }

    /**
     * The DKP CRD copied into shared (@05611df) predates {@code spec.metadata} and still allows {@code file://}:
     * these assertions turn red when shared is refreshed, which is the moment to drop the {@code Upstream.NONE}.
     */
    @Test
    void copiedFederationCrdPredatesSpecMetadata() {
        assertThat(UpstreamSchemas.validateCrdObject(yaml(FEDERATION_WITH_CA))).anyMatch(e -> e.contains("metadata"));
    }

    @Test
    void everySchemaHasASampleAndAStableId() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".schema.json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).hasSize(17);
        assertThat(accepted().map(OutputSchemasTest::schemaFileFor).collect(Collectors.toSet()))
                .containsAll(files);
        ObjectMapper mapper = new ObjectMapper();
        for (String file : files) {
            String text = Files.readString(DIR.resolve(file));
            JsonNode schema = mapper.readTree(text);
            assertThat(schema.path("$id").asString()).isEqualTo("https://dkp-mesh.io/schemas/output/" + file);
            assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(text)
                    .as(file)
                    .doesNotContain("\"format\"")
                    .doesNotContain("\t")
                    .endsWith("}\n");
            assertThat(metaSchema().validate(schema)).as(file).isEmpty();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The engine's rule: {@code <group>_<Kind>.schema.json}, group {@code core} for {@code v1}. */
    static String schemaFileFor(Sample sample) {
        JsonNode doc = yaml(sample.yaml());
        if (sample.upstream() == Upstream.CILIUM_VALUES) {
            return CILIUM_VALUES;
        }
        String apiVersion = doc.path("apiVersion").asString();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        return group + "_" + doc.path("kind").asString() + ".schema.json";
    }

    static List<String> validate(String file, JsonNode doc) {
        Schema schema = SCHEMAS.computeIfAbsent(file, f -> {
            try {
                return REGISTRY.getSchema(Files.readString(DIR.resolve(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return schema.validate(doc).stream()
                .map(e -> pointer(e.getInstanceLocation().toString()) + ": " + e.getMessage())
                .toList();
    }

    private static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    }

    private static String pointer(String location) {
        return location.isEmpty() ? "/" : location;
    }
}
