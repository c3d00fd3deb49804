package io.dkpmesh.core.testing;

import static io.dkpmesh.core.testing.UpstreamSchemas.validateCiliumHelmValues;
import static io.dkpmesh.core.testing.UpstreamSchemas.validateCrdObject;
import static io.dkpmesh.core.testing.UpstreamSchemas.validateModuleSettings;
import static io.dkpmesh.core.testing.UpstreamSchemas.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Proves the helper accepts what upstream accepts and, above all, that it can fail. */
class UpstreamSchemasTest {

    private static final String FEDERATION = """
            apiVersion: deckhouse.io/v1alpha1
            kind: IstioFederation
            metadata:
              name: spb
            spec:
              trustDomain: spb.local
              metadataEndpoint: https://istio-metadata.k8s-spb.example.com/metadata/
            """;

    @Test
    void acceptsIstioFederation() {
        assertThat(validateCrdObject(yaml(FEDERATION))).isEmpty();
    }

    @Test
    void refusesTheAbandonedMetadataEndpointShape() {
        assertThat(validateCrdObject(yaml("""
                apiVersion: deckhouse.io/v1alpha1
                kind: IstioFederation
                metadata:
                  name: spb
                spec:
                  trustDomain: spb.local
                  metadata:
                    endpoint: https://istio-metadata.k8s-spb.example.com/metadata/
                """)))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("metadataEndpoint"))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("metadata"));
    }

    @Test
    void refusesUnknownFieldWrongTypeAndBadPattern() {
        assertThat(validateCrdObject(yaml(
                        FEDERATION.replace("  trustDomain: spb.local", "  trustDomain: spb local\n  colour: red"))))
                .anyMatch(e -> e.startsWith("/spec") && e.contains("colour"))
                .anyMatch(e -> e.startsWith("/spec/trustDomain"));
        assertThat(validateCrdObject(yaml("""
                apiVersion: deckhouse.io/v1alpha1
                kind: IstioMulticluster
                metadata:
                  name: spb
                spec:
                  metadataEndpoint: https://istio-metadata.k8s-spb.example.com/metadata/
                  enableIngressGateway: "no"
                """))).anyMatch(e -> e.startsWith("/spec/enableIngressGateway"));
    }

    @Test
    void requiresMetadataName() {
        assertThat(validateCrdObject(yaml(FEDERATION.replace("  name: spb", "  labels: {a: b}"))))
                .anyMatch(e -> e.startsWith("/metadata") && e.contains("name"));
    }

    @Test
    void acceptsIstioMulticluster() {
        assertThat(validateCrdObject(yaml("""
                apiVersion: deckhouse.io/v1alpha1
                kind: IstioMulticluster
                metadata:
                  name: spb
                spec:
                  metadataEndpoint: https://istio-metadata.k8s-spb.example.com/metadata/
                  enableIngressGateway: false
                """))).isEmpty();
    }

    private static final String MODULE_CONFIG = """
            apiVersion: deckhouse.io/v1alpha1
            kind: ModuleConfig
            metadata:
              name: istio
            spec:
              version: 2
              enabled: true
              settings:
                federation:
                  enabled: true
                alliance:
                  ingressGateway:
                    inlet: NodePort
                    nodePort:
                      port: 30443
            """;

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
        String rule = """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata:
                  name: catalog
                  namespace: shop
                spec:
                  host: catalog.shop.svc.msk.local
                  trafficPolicy:
                    connectionPool:
                      tcp: {maxConnections: 100}
                      http: {http1MaxPendingRequests: 10}
                    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}
                    loadBalancer:
                      localityLbSetting:
                        enabled: true
                        failover: [{from: ru-central, to: eu-west}]
                  subsets:
                    - {name: v1, labels: {version: v1}}
                """;
        assertThat(validateCrdObject(yaml(rule))).isEmpty();
        assertThat(validateCrdObject(
                        yaml(rule.replace("maxConnections: 100", "maxConnections: 100, maxConnectionz: 1"))))
                .anyMatch(e -> e.startsWith("/spec/trafficPolicy/connectionPool/tcp") && e.contains("maxConnectionz"));
        assertThat(validateCrdObject(yaml(rule.replace("maxEjectionPercent: 50", "maxEjectionPercent: half"))))
                .anyMatch(e -> e.startsWith("/spec/trafficPolicy/outlierDetection/maxEjectionPercent"));
    }

    @Test
    void acceptsAuthorizationPolicyAndRefusesBadEnum() {
        String policy = """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: payments
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: payments}
                  action: ALLOW
                  rules:
                    - from:
                        - source:
                            principals: [msk.local/ns/checkout/sa/checkout]
                            namespaces: [checkout]
                """;
        assertThat(validateCrdObject(yaml(policy))).isEmpty();
        assertThat(validateCrdObject(yaml(policy.replace("action: ALLOW", "action: PERMIT"))))
                .anyMatch(e -> e.startsWith("/spec/action"));
    }

    @Test
    void acceptsCiliumNetworkPolicyAndRefusesBadEnum() {
        String policy = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata:
                  name: payments-from-msk
                  namespace: shop
                spec:
                  description: generated by dkp-mesh
                  endpointSelector:
                    matchLabels: {app: payments}
                  ingress:
                    - fromEndpoints:
                        - matchLabels: {io.cilium.k8s.policy.cluster: msk}
                          matchExpressions:
                            - {key: k8s:io.kubernetes.pod.namespace, operator: In, values: [checkout]}
                """;
        assertThat(validateCrdObject(yaml(policy))).isEmpty();
        assertThat(validateCrdObject(yaml(policy.replace("operator: In", "operator: Within"))))
                .anyMatch(e -> e.startsWith("/spec/ingress/0/fromEndpoints/0/matchExpressions/0/operator"));
        assertThat(validateCrdObject(yaml(policy.replace("fromEndpoints:", "fromEndpointz:"))))
                .anyMatch(e -> e.contains("fromEndpointz"));
    }

    @Test
    void acceptsCiliumValuesAndRefusesWrongTypes() {
        String values = """
                cluster: {name: msk, id: 1}
                clustermesh:
                  useAPIServer: true
                  maxConnectedClusters: 255
                  config:
                    enabled: true
                    domain: mesh.cilium.io
                    clusters:
                      - {name: spb, address: clustermesh.k8s-spb.example.com, port: 2379}
                  apiserver:
                    service: {type: LoadBalancer}
                    tls:
                      authMode: legacy
                      auto: {enabled: true, method: helm}
                """;
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
