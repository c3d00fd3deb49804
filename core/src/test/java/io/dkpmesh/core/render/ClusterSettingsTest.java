package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.testing.InMemory;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A cluster's own facts: the rest of its istio module settings ({@code moduleSettings.istio}),
 * its DKP release and its Istio version.
 *
 * <ul>
 *   <li>ModuleConfig istio is one object: a GitOps sync replaces it whole, so the platform team's
 *       settings must be in what we render. The merged settings are checked against the module's
 *       own schema, deckhouse {@code modules/110-istio/openapi/config-values.yaml} (version 2,
 *       shared/upstream); newer modules convert version 2 up themselves
 *       ({@code modules/110-istio/openapi/conversions/}).</li>
 *   <li>DKP binds each federation peer's root CA to its trust domain from release 1.76 (deckhouse
 *       CHANGELOG v1.76.0, PR #18502; the IstioFederation CRD's trustDomain description).</li>
 *   <li>networking.istio.io/v1 and security.istio.io/v1 are served from Istio 1.22 (istio
 *       manifests/charts/base/files/crd-all.gen.yaml lists the served versions).</li>
 * </ul>
 */
class ClusterSettingsTest {

    @TempDir
    Path work;

    private static final String MSK = "    - name: msk\n      edition: EE\n      region: ru-central\n";

    private static String withMsk(String extra) {
        return Topologies.FEDERATION.replace(MSK, MSK + extra);
    }

    private static final String PLATFORM_SETTINGS = """
                  moduleSettings:
                    istio:
                      globalVersion: "1.25"
                      https: {mode: CertManager, certManager: {clusterIssuerName: letsencrypt}}
                      controlPlane: {replicasManagement: {mode: Standard}}
                      alliance:
                        ingressGateway:
                          serviceAnnotations: {service.beta.kubernetes.io/openstack-internal-load-balancer: "true"}
                          nodeSelector: {node-role.deckhouse.io/istio-gateway: ""}
                          tolerations:
                            - {key: dedicated.deckhouse.io, operator: Equal, value: istio-gateway, effect: NoSchedule}
            """;

    @Test
    void thePlatformTeamsSettingsStayInTheModuleConfig() {
        InMemory.Result result = InMemory.render(withMsk(PLATFORM_SETTINGS), work);
        assertThat(result.errors()).isEmpty();
        JsonNode settings =
                result.yaml("clusters/msk/modules/moduleconfig-istio.yaml").at("/spec/settings");

        assertThat(settings.at("/globalVersion").asString()).isEqualTo("1.25");
        assertThat(settings.at("/https/mode").asString()).isEqualTo("CertManager");
        assertThat(settings.at("/controlPlane/replicasManagement/mode").asString())
                .isEqualTo("Standard");
        assertThat(settings.at("/federation/enabled").asBoolean())
                .as("what the mesh needs")
                .isTrue();
        assertThat(settings.at("/alliance/ingressGateway/inlet").asString()).isEqualTo("LoadBalancer");
        assertThat(settings.at("/alliance/ingressGateway/nodeSelector/node-role.deckhouse.io~1istio-gateway")
                        .asString())
                .isEmpty();
        assertThat(settings.at("/alliance/ingressGateway/tolerations/0/effect").asString())
                .isEqualTo("NoSchedule");
        assertThat(settings.at(
                                "/alliance/ingressGateway/serviceAnnotations/service.beta.kubernetes.io~1openstack-internal-load-balancer")
                        .asString())
                .as("a string stays a string")
                .isEqualTo("true");
        assertThat(UpstreamSchemas.validateModuleSettings("istio", settings))
                .as("the module's own schema accepts the merge")
                .isEmpty();
        // another member without settings keeps only what the mesh needs
        assertThat(result.yaml("clusters/spb/modules/moduleconfig-istio.yaml")
                        .at("/spec/settings")
                        .has("globalVersion"))
                .isFalse();
    }

    @Test
    void aSettingThatContradictsTheMeshIsRefusedAtItsLine() {
        InMemory.Result result = InMemory.render(withMsk("""
                      moduleSettings:
                        istio:
                          federation: {enabled: false}
                          alliance: {ingressGateway: {inlet: NodePort}}
                """), work);
        assertThat(result.errors())
                .extracting(Finding::code, Finding::pointer, Finding::line)
                .containsExactlyInAnyOrder(
                        tuple(
                                FindingCode.MODULE_SETTINGS_CONFLICT.code(),
                                "/spec/clusters/0/moduleSettings/istio/federation/enabled",
                                12),
                        tuple(
                                FindingCode.MODULE_SETTINGS_CONFLICT.code(),
                                "/spec/clusters/0/moduleSettings/istio/alliance/ingressGateway/inlet",
                                13));
        assertThat(result.errors().get(0).message()).contains("one ModuleConfig holds both");
    }

    @Test
    void theRootCaKeyNeverGoesToGit() {
        InMemory.Result result = InMemory.render(withMsk("""
                      moduleSettings:
                        istio:
                          ca: {cert: "-----BEGIN CERTIFICATE-----", key: "-----BEGIN PRIVATE KEY-----"}
                """), work);
        // the key is secret material, refused before anything else reads the topology
        assertThat(result.errors())
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple(FindingCode.TOPOLOGY_SECRET.code(), "/spec/clusters/0/moduleSettings/istio/ca/key"));
    }

    @Test
    void aCaWithoutItsKeyIsStillNotDelivered() {
        InMemory.Result result = InMemory.render(withMsk("""
                      moduleSettings:
                        istio:
                          ca: {cert: "-----BEGIN CERTIFICATE-----"}
                """), work);
        assertThat(result.errors())
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple(FindingCode.MODULE_SETTINGS_REFUSED.code(), "/spec/clusters/0/moduleSettings/istio/ca"));
    }

    @Test
    void anUnknownSettingIsAWarningNotAnError() {
        InMemory.Result result = InMemory.render(withMsk("""
                      moduleSettings:
                        istio:
                          federaton: {enabled: true}
                """), work);
        // DKP validates the ModuleConfig when it is applied, and newer modules add keys: a key dkp-mesh does not know
        // is said, not refused
        assertThat(result.errors()).isEmpty();
        assertThat(result.findings())
                .filteredOn(f -> f.code().equals(FindingCode.MODULE_SETTINGS_UNKNOWN.code()))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.pointer()).isEqualTo("/spec/clusters/0/moduleSettings/istio/federaton");
                    assertThat(f.message()).contains("did you mean federation");
                });
        assertThat(InMemory.render(withMsk("""
                      moduleSettings:
                        istio:
                          "federation enabled": true
                """), work).errors())
                .as("not a settings name at all")
                .extracting(Finding::code)
                .containsExactly(FindingCode.SCHEMA_OTHER.code());
    }

    @Test
    void aRuleByClusterIsRefusedWhereDkpDoesNotBindTrustDomains() {
        String access = """
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{cluster: spb}, {namespace: checkout}]
                """;
        InMemory.Result old = InMemory.render(withMsk("      dkpVersion: \"1.75\"\n") + access, work);
        assertThat(old.errors())
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple(FindingCode.CLUSTER_VERSION.code(), "/spec/meshes/0/access/0/from/0/cluster"));
        assertThat(old.errors().get(0).message()).contains("DKP 1.75", "1.76");
        assertThat(old.findings())
                .filteredOn(f -> !f.isError())
                .extracting(Finding::code, Finding::pointer)
                .contains(tuple(FindingCode.CLUSTER_VERSION.code(), "/spec/meshes/0/access/0/from/1/namespace"));

        // the rule is enforced by the exporter (msk): an old caller cluster does not matter
        InMemory.Result current = InMemory.render(withMsk("      dkpVersion: \"1.76\"\n") + access, work);
        assertThat(current.errors()).isEmpty();
        assertThat(current.findings()).noneMatch(f -> f.code().equals(FindingCode.CLUSTER_VERSION.code()));
    }

    @Test
    void aClusterOnIstioBefore122GetsTheApiVersionItServes() {
        String traffic = """
                      traffic:
                        - {service: catalog, namespace: shop, circuitBreaker: {maxConnections: 10}}
                      access:
                        - {namespace: shop, service: catalog, from: [{namespace: checkout}]}
                """;
        InMemory.Result result =
                InMemory.render(withMsk("      moduleSettings: {istio: {globalVersion: \"1.21\"}}\n") + traffic, work);
        assertThat(result.errors()).isEmpty();
        JsonNode oldRule = result.yaml("clusters/msk/mesh/destinationrule-shop.catalog.yaml");
        JsonNode oldPolicy = result.yaml("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml");
        assertThat(oldRule.path("apiVersion").asString()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(oldPolicy.path("apiVersion").asString()).isEqualTo("security.istio.io/v1beta1");
        assertThat(UpstreamSchemas.validateCrdObject(oldRule)).isEmpty();
        assertThat(UpstreamSchemas.validateCrdObject(oldPolicy)).isEmpty();
        assertThat(result.yaml("clusters/spb/mesh/destinationrule-checkout.catalog.shop.yaml")
                        .path("apiVersion")
                        .asString())
                .as("a cluster that says nothing is assumed current")
                .isEqualTo("networking.istio.io/v1");

        InMemory.Result current =
                InMemory.render(withMsk("      moduleSettings: {istio: {globalVersion: \"1.22\"}}\n") + traffic, work);
        assertThat(current.yaml("clusters/msk/mesh/destinationrule-shop.catalog.yaml")
                        .path("apiVersion")
                        .asString())
                .isEqualTo("networking.istio.io/v1");
    }

    /**
     * DKP's discovery hook verifies a peer's metadata endpoint with spec.metadata.ca when set, and
     * otherwise skips verification only if spec.metadata.insecureSkipVerify says so (deckhouse
     * ee/modules/110-istio/hooks/ee/federation_discovery.go).
     */
    @Test
    void aPeerWithoutAVerifiableCertificateIsFetchedWithoutVerification() {
        InMemory.Result result = InMemory.render(withMsk("      metadataInsecureSkipVerify: true\n"), work);
        assertThat(result.errors()).isEmpty();
        for (String peer : java.util.List.of("spb", "ams")) {
            JsonNode federation = result.yaml("clusters/" + peer + "/mesh/istiofederation-msk.yaml");
            assertThat(federation.at("/spec/metadata/insecureSkipVerify").asBoolean())
                    .isTrue();
            // the CRD copy in shared/upstream predates spec.metadata (DOMAIN.md §1.2); the self-check holds it to our
            // output schema
        }
        assertThat(result.yaml("clusters/msk/mesh/istiofederation-spb.yaml")
                        .at("/spec")
                        .has("metadata"))
                .isFalse();
        assertThat(result.findings())
                .extracting(Finding::code, Finding::pointer)
                .contains(tuple(FindingCode.METADATA_ENDPOINT.code(), "/spec/clusters/0/metadataInsecureSkipVerify"));
    }

    /** The committed examples are what users start from: their merged settings must be what the module accepts. */
    @Test
    void theExamplesModuleConfigsAreAcceptedByTheModule() throws Exception {
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(Path.of("..", "examples"))) {
            files = walk.filter(f -> f.getFileName().toString().equals("moduleconfig-istio.yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        boolean platformSettings = false;
        for (Path file : files) {
            JsonNode settings =
                    UpstreamSchemas.yaml(java.nio.file.Files.readString(file)).at("/spec/settings");
            if (settings.isMissingNode()) {
                continue; // a single-cluster mesh without settings of its own
            }
            assertThat(UpstreamSchemas.validateModuleSettings("istio", settings))
                    .as("%s", file)
                    .isEmpty();
            platformSettings |= settings.has("globalVersion");
        }
        assertThat(platformSettings)
                .as("an example carries a platform team's settings")
                .isTrue();
    }

    /**
     * Keys the module accepts today but our stored version-2 schema lacks (deckhouse
     * modules/110-istio/openapi/openapi-case-tests.yaml, positive cases: ambient with dataPlane
     * trafficRedirectionSetupMode CNIPlugin, jwksResolverAdditionalRootCA, dataPlane.extensionProviders) are
     * delivered, not refused: DKP validates the ModuleConfig when it is applied. With ambient on and an access
     * rule, the rule holds only for sidecar workloads: a waypoint never applies selector policies (istio
     * pilot/pkg/model/policyattachment.go, "waypoints never use selector"), said at the setting's line.
     */
    @Test
    void settingsOfNewerModulesAreDeliveredAndAmbientIsSaidAtItsLine() {
        String topology = withMsk("""
                  moduleSettings:
                    istio:
                      ambient:
                        enabled: true
                      dataPlane:
                        trafficRedirectionSetupMode: CNIPlugin
                        extensionProviders:
                          - name: authservice-grpc
                            envoyExtAuthzGrpc: {service: authservice.d8-istio.svc.cluster.local, port: 10003}
                      jwksResolverAdditionalRootCA: |
                        -----BEGIN CERTIFICATE-----
                        MIIDXTCCAkWgAwIBAgIJAN
                        -----END CERTIFICATE-----
            """) + """
                  access:
                    - namespace: shop
                      service: catalog
                      from: [{namespace: checkout}]
            """;
        InMemory.Result result = InMemory.render(topology, work);
        assertThat(result.errors()).isEmpty();
        JsonNode settings =
                result.yaml("clusters/msk/modules/moduleconfig-istio.yaml").at("/spec/settings");
        assertThat(settings.at("/ambient/enabled").asBoolean()).isTrue();
        assertThat(settings.at("/dataPlane/extensionProviders/0/name").asString())
                .isEqualTo("authservice-grpc");
        assertThat(settings.has("jwksResolverAdditionalRootCA")).isTrue();
        assertThat(result.findings())
                .filteredOn(f -> f.code().equals(FindingCode.AMBIENT_POLICIES.code()))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.pointer()).isEqualTo("/spec/clusters/0/moduleSettings/istio/ambient/enabled");
                    assertThat(f.line()).as("the line of enabled: true").isEqualTo(13);
                    assertThat(f.message()).contains("/spec/meshes/0/access/0", "waypoints never use selector");
                });
        assertThat(InMemory.render(withMsk("""
                  moduleSettings:
                    istio:
                      ambient: {enabled: true}
                """), work).findings())
                .as("no access rule, nothing that cannot hold")
                .noneMatch(f -> f.code().equals(FindingCode.AMBIENT_POLICIES.code()));
    }
}
