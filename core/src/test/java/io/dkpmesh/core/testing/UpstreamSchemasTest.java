package io.dkpmesh.core.testing;

import static io.dkpmesh.core.testing.UpstreamSchemas.validateCiliumHelmValues;
import static io.dkpmesh.core.testing.UpstreamSchemas.validateCrdObject;
import static io.dkpmesh.core.testing.UpstreamSchemas.validateModuleSettings;
import static io.dkpmesh.core.testing.UpstreamSchemas.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Proves the helper accepts what upstream accepts and, above all, that it can fail. The objects are the output
 * samples ({@link OutputSamples}) that {@code check.OutputSchemasTest} checks against our schemas too.
 */
class UpstreamSchemasTest {

    private static final String FEDERATION = OutputSamples.read("istiofederation");
    private static final String MULTICLUSTER = OutputSamples.read("istiomulticluster");
    private static final String MODULE_CONFIG = OutputSamples.read("moduleconfig-istio");

    @Test
    void acceptsIstioFederation() {
        assertThat(validateCrdObject(yaml(FEDERATION))).isEmpty();
    }

    @Test
    void refusesTheAbandonedMetadataEndpointShape() {
        assertThat(validateCrdObject(yaml(FEDERATION.replace("  metadataEndpoint:", "  metadata:\n    endpoint:"))))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("metadataEndpoint"))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("metadata"));
    }

    @Test
    void refusesUnknownFieldWrongTypeAndBadPattern() {
        assertThat(validateCrdObject(yaml(
                        FEDERATION.replace("  trustDomain: spb.local", "  trustDomain: spb local\n  colour: red"))))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("colour"))
                .anyMatch(e -> e.startsWith("/spec/trustDomain"));
        assertThat(validateCrdObject(
                        yaml(MULTICLUSTER.replace("enableIngressGateway: false", "enableIngressGateway: \"no\""))))
                .anyMatch(e -> e.startsWith("/spec/enableIngressGateway"));
    }

    @Test
    void requiresMetadataName() {
        assertThat(validateCrdObject(yaml(MULTICLUSTER.replace("  name: spb", "  labels: {a: b}"))))
                .anyMatch(e -> e.startsWith("/metadata") && e.contains("name"));
    }

    @Test
    void acceptsIstioMulticluster() {
        assertThat(validateCrdObject(yaml(MULTICLUSTER))).isEmpty();
    }

    @Test
    void acceptsModuleConfigAndItsIstioSettings() {
        var moduleConfig = yaml(MODULE_CONFIG);
        assertThat(validateCrdObject(moduleConfig)).isEmpty();
        assertThat(validateModuleSettings("istio", moduleConfig.path("spec").path("settings")))
                .isEmpty();
    }

    @Test
    void refusesBadIstioSettings() {
        var settings = yaml(MODULE_CONFIG
                        .replace("inlet: NodePort", "inlet: HostPort")
                        .replace("port: 30443", "port: \"30443\"")
                        .replace("federation:", "tlsMode: Mutual\n    federation:"))
                .path("spec")
                .path("settings");
        assertThat(validateModuleSettings("istio", settings))
                .anyMatch(e -> e.startsWith("/alliance/ingressGateway/inlet"))
                .anyMatch(e -> e.startsWith("/alliance/ingressGateway/nodePort/port"))
                .anyMatch(e -> e.contains("tlsMode"));
    }

    @Test
    void refusesModuleConfigWithWrongType() {
        assertThat(validateCrdObject(
                        yaml(MODULE_CONFIG.replace("enabled: true\n  settings", "enabled: yes please\n  settings"))))
                .anyMatch(e -> e.startsWith("/spec/enabled"));
    }

    @Test
    void acceptsDestinationRuleAndRefusesUnknownField() {
        String rule = OutputSamples.read("destinationrule-distribute");
        assertThat(validateCrdObject(yaml(rule))).isEmpty();
        assertThat(validateCrdObject(
                        yaml(rule.replace("maxConnections: 100", "maxConnections: 100, maxConnectionz: 1"))))
                .anyMatch(e -> e.startsWith("/spec/trafficPolicy/connectionPool/tcp") && e.contains("maxConnectionz"));
        assertThat(validateCrdObject(yaml(rule.replace("maxEjectionPercent: 50", "maxEjectionPercent: half"))))
                .anyMatch(e -> e.startsWith("/spec/trafficPolicy/outlierDetection/maxEjectionPercent"));
    }

    @Test
    void acceptsAuthorizationPolicyAndRefusesBadEnum() {
        String policy = OutputSamples.read("authorizationpolicy");
        assertThat(validateCrdObject(yaml(policy))).isEmpty();
        assertThat(validateCrdObject(yaml(policy.replace("action: ALLOW", "action: PERMIT"))))
                .anyMatch(e -> e.startsWith("/spec/action"));
    }

    @Test
    void acceptsCiliumNetworkPolicyAndRefusesBadEnum() {
        String policy = OutputSamples.read("ciliumnetworkpolicy");
        assertThat(validateCrdObject(yaml(policy))).isEmpty();
        assertThat(validateCrdObject(yaml(policy.replace("operator: NotIn", "operator: Within"))))
                .anyMatch(e -> e.startsWith("/spec/ingressDeny/0/fromEndpoints/0/matchExpressions/0/operator"));
        assertThat(validateCrdObject(yaml(policy.replace("fromEndpoints:", "fromEndpointz:"))))
                .anyMatch(e -> e.contains("fromEndpointz"));
    }

    @Test
    void acceptsCiliumValuesAndRefusesWrongTypes() {
        String values = OutputSamples.read("cilium-values");
        assertThat(validateCiliumHelmValues(yaml(values))).isEmpty();
        assertThat(validateCiliumHelmValues(
                        yaml(values.replace("id: 1", "id: one").replace("useAPIServer: true", "useAPIServer: 1"))))
                .anyMatch(e -> e.startsWith("/cluster/id"))
                .anyMatch(e -> e.startsWith("/clustermesh/useAPIServer"));
    }

    @Test
    void unknownKindIsATestMistake() {
        assertThatThrownBy(
                        () -> validateCrdObject(yaml("{apiVersion: example.com/v1, kind: Nope, metadata: {name: x}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example.com/v1/Nope");
    }
}
