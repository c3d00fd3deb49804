package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.TrafficRule.CircuitBreaker;
import io.dkpmesh.core.testing.Models;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model read off a schema-valid document: every field, its pointer, and PRODUCT.md §3's defaults. */
class TopologyReaderTest {

    private static final String HEAD = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
            """;

    @Test
    void aMinimalClusterGetsTheDefaults() {
        Topology topology = Models.read(HEAD + """
                  clusters:
                    - name: msk
                      edition: CE
                  meshes: []
                """);
        assertThat(topology.name()).isEqualTo("retail");
        Cluster msk = topology.clusters().get(0);
        assertThat(msk.pointer()).isEqualTo("/spec/clusters/0");
        assertThat(msk.edition()).isEqualTo(Edition.CE);
        assertThat(msk.clusterDomain()).isEqualTo(Cluster.DEFAULT_CLUSTER_DOMAIN);
        assertThat(msk.region()).isEmpty();
        assertThat(msk.podSubnetCIDR()).isEmpty();
        assertThat(msk.zone()).isEmpty();
        assertThat(msk.publicDomain()).isEmpty();
        assertThat(msk.metadataInsecureSkipVerify()).isFalse();
        assertThat(msk.cilium()).isEmpty();
        assertThat(msk.dkpVersion()).isEmpty();
        assertThat(msk.labels()).isEmpty();
        assertThat(msk.istioSettings()).isEmpty();
        assertThat(topology.gitops().delivery()).isEqualTo(new Delivery.None());
        assertThat(topology.gitops().namespacesExist()).isFalse();
        assertThat(topology.policies().residency()).isEmpty();
        assertThat(topology.policies().allowCrossEnvironment()).isFalse();
    }

    @Test
    void everyClusterFieldIsRead() {
        Topology topology = Models.read(HEAD + """
                  clusters:
                    - name: a
                      edition: EE
                    - name: msk
                      edition: CSE-Pro
                      region: ru-central
                      zone: z1
                      network: n1
                      environment: prod
                      labels: {tier: gold, dc: m9}
                      clusterDomain: msk.local
                      publicDomain: k8s-msk.example.com
                      podSubnetCIDR: 10.111.0.0/16
                      serviceSubnetCIDR: 10.222.0.0/16
                      apiServer: https://api.msk.example.com
                      metadataEndpoint: https://meta.msk.example.com/metadata/
                      metadataCA: ca.pem
                      metadataInsecureSkipVerify: true
                      dkpVersion: "1.76"
                """);
        Cluster msk = topology.cluster("msk").orElseThrow();
        assertThat(msk.pointer()).isEqualTo("/spec/clusters/1");
        assertThat(msk.edition()).isEqualTo(Edition.CSE_PRO);
        assertThat(msk.region()).isEqualTo("ru-central");
        assertThat(msk.zone()).contains("z1");
        assertThat(msk.network()).contains("n1");
        assertThat(msk.environment()).contains("prod");
        assertThat(msk.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "gold", "dc", "m9"));
        assertThat(msk.clusterDomain()).isEqualTo("msk.local");
        assertThat(msk.publicDomain()).contains("k8s-msk.example.com");
        assertThat(msk.podSubnetCIDR()).isEqualTo("10.111.0.0/16");
        assertThat(msk.serviceSubnetCIDR()).isEqualTo("10.222.0.0/16");
        assertThat(msk.apiServer()).contains("https://api.msk.example.com");
        assertThat(msk.metadataEndpoint()).contains("https://meta.msk.example.com/metadata/");
        assertThat(msk.metadataCA()).contains("ca.pem");
        assertThat(msk.metadataInsecureSkipVerify()).isTrue();
        assertThat(msk.dkpVersion()).contains(new Version(1, 76));
    }

    @Test
    void aDkpVersionThatIsNoVersionIsLeftOut() {
        Topology topology = Models.read(HEAD + """
                  clusters:
                    - {name: msk, edition: EE, dkpVersion: "latest"}
                """);
        assertThat(topology.clusters().get(0).dkpVersion()).isEmpty();
    }

    @Test
    void moduleSettingsBecomePlainValuesWithSortedKeysAndNoNulls() {
        Topology topology = Models.read(HEAD + """
                  clusters:
                    - name: msk
                      edition: EE
                      moduleSettings:
                        istio:
                          zeta: 1
                          alpha: {b: true, a: [x, 2, 2.5]}
                          gone: null
                          globalVersion: "1.25"
                """);
        Map<String, Object> settings = topology.clusters().get(0).istioSettings();
        assertThat(settings).containsOnlyKeys("alpha", "globalVersion", "zeta");
        assertThat(settings.get("zeta")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> alpha = (Map<String, Object>) settings.get("alpha");
        assertThat(alpha.keySet()).containsExactly("a", "b");
        assertThat(alpha.get("b")).isEqualTo(true);
        assertThat(alpha.get("a")).isEqualTo(List.of("x", 2L, new BigDecimal("2.5")));
    }

    @Test
    void ciliumWithALoadBalancerDialsTheServicePortUnlessToldOtherwise() {
        Topology topology = Models.read(HEAD + """
                  clusters:
                    - name: a
                      edition: CE
                      cilium: {id: 1, install: helm, apiserver: {address: 10.0.0.1}}
                    - name: b
                      edition: CE
                      cilium: {id: 2, apiserver: {address: b.example.com, serviceType: NodePort, port: 32379}}
                    - name: c
                      edition: CE
                      cilium: {id: 3, apiserver: {serviceType: NodePort}}
                    - name: d
                      edition: CE
                      cilium: {id: 4}
                    - name: e
                      edition: CE
                      cilium: {id: 5, apiserver: {port: 443}}
                """);
        List<Cluster> c = topology.clusters();
        assertThat(c.get(0).cilium())
                .contains(new CiliumMember(
                        1, "10.0.0.1", 2379, CiliumMember.ServiceType.LOAD_BALANCER, CiliumMember.Install.HELM));
        assertThat(c.get(1).cilium())
                .contains(new CiliumMember(
                        2,
                        "b.example.com",
                        32379,
                        CiliumMember.ServiceType.NODE_PORT,
                        CiliumMember.Install.CNI_CILIUM));
        assertThat(c.get(2).cilium().orElseThrow().port())
                .as("a node port has no default")
                .isZero();
        assertThat(c.get(3).cilium().orElseThrow().port())
                .as("no apiserver given: no port")
                .isZero();
        assertThat(c.get(3).cilium().orElseThrow().address()).isEmpty();
        assertThat(c.get(4).cilium().orElseThrow().port()).isEqualTo(443);
    }

    @Test
    void aMeshIsReadWithItsPointersAndDefaults() {
        Topology topology = Models.read(HEAD + """
                  clusters: []
                  meshes:
                    - name: other
                      type: single
                      provider: istio
                      clusters: [x]
                    - name: fed
                      type: federation
                      provider: istio
                      clusters: [msk, spb]
                      namespaces: [shop]
                      exports:
                        - cluster: msk
                          namespace: shop
                          service: catalog
                          ports:
                            - {port: 8080}
                            - {name: grpc, port: 9090, protocol: UDP}
                """);
        Mesh other = topology.meshes().get(0);
        assertThat(other.type()).isEqualTo(MeshType.SINGLE);
        assertThat(other.ingressGateway())
                .isEqualTo(
                        new IngressGateway("/spec/meshes/0/ingressGateway", false, "LoadBalancer", Optional.empty()));
        assertThat(other.maxConnectedClusters()).isEqualTo(255);
        assertThat(other.flatNetwork()).isFalse();
        assertThat(other.sourceIPPreserved()).isFalse();
        assertThat(other.exports()).isEmpty();

        Mesh fed = topology.meshes().get(1);
        assertThat(fed.pointer()).isEqualTo("/spec/meshes/1");
        assertThat(fed.provider()).isEqualTo(Provider.ISTIO);
        assertThat(fed.clusters()).containsExactly("msk", "spb");
        assertThat(fed.namespaces()).containsExactly("shop");
        Export export = fed.exports().get(0);
        assertThat(export.pointer()).isEqualTo("/spec/meshes/1/exports/0");
        assertThat(export.key()).isEqualTo("shop/catalog");
        assertThat(export.ports())
                .containsExactly(
                        new Export.ServicePort("/spec/meshes/1/exports/0/ports/0", "", 8080, "TCP"),
                        new Export.ServicePort("/spec/meshes/1/exports/0/ports/1", "grpc", 9090, "UDP"));
    }

    @Test
    void ingressGatewayCiliumAndFlatNetworkSettingsAreRead() {
        Topology topology = Models.read(HEAD + """
                  meshes:
                    - name: cm
                      type: multicluster
                      provider: cilium
                      clusters: [a, b]
                      flatNetwork: true
                      sourceIPPreserved: true
                      cilium: {maxConnectedClusters: 511}
                      ingressGateway: {inlet: NodePort, nodePort: 30443}
                """);
        Mesh cm = topology.meshes().get(0);
        assertThat(cm.provider()).isEqualTo(Provider.CILIUM);
        assertThat(cm.flatNetwork()).isTrue();
        assertThat(cm.sourceIPPreserved()).isTrue();
        assertThat(cm.maxConnectedClusters()).isEqualTo(511);
        assertThat(cm.ingressGateway())
                .isEqualTo(new IngressGateway("/spec/meshes/0/ingressGateway", true, "NodePort", Optional.of(30443)));
    }

    @Test
    void accessRulesAndCallersKeepTheirPointers() {
        Topology topology = Models.read(HEAD + """
                  meshes:
                    - name: fed
                      type: federation
                      provider: istio
                      clusters: [msk, spb]
                      access:
                        - namespace: shop
                          service: catalog
                          workloadLabels: {app: cat, tier: api}
                          from:
                            - cluster: spb
                            - namespace: web
                            - {cluster: msk, namespace: front}
                """);
        AccessRule rule = topology.meshes().get(0).access().get(0);
        assertThat(rule.pointer()).isEqualTo("/spec/meshes/0/access/0");
        assertThat(rule.namespace()).isEqualTo("shop");
        assertThat(rule.service()).contains("catalog");
        assertThat(rule.workloadLabels().keySet()).containsExactly("app", "tier");
        assertThat(rule.from())
                .containsExactly(
                        new Caller("/spec/meshes/0/access/0/from/0", Optional.of("spb"), Optional.empty()),
                        new Caller("/spec/meshes/0/access/0/from/1", Optional.empty(), Optional.of("web")),
                        new Caller("/spec/meshes/0/access/0/from/2", Optional.of("msk"), Optional.of("front")));
    }

    @Test
    void trafficRulesAreReadWithTheirDefaults() {
        Topology topology = Models.read(HEAD + """
                  meshes:
                    - name: fed
                      type: multicluster
                      provider: istio
                      clusters: [msk, spb]
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 100, interval: 10s}
                          failover: [{from: ru-central, to: eu-west}]
                          distribute:
                            - from: ru-central
                              to: {spb: 80, msk: 20}
                          canary: {stable: v1, canary: v2, weight: 10}
                          affinity: zone
                        - service: cart
                          namespace: shop
                          canary: {stable: a, canary: b, weight: 5, versionLabel: track}
                """);
        TrafficRule first = topology.meshes().get(0).traffic().get(0);
        assertThat(first.pointer()).isEqualTo("/spec/meshes/0/traffic/0");
        assertThat(first.circuitBreaker())
                .contains(new CircuitBreaker(
                        Optional.of(100),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("10s"),
                        Optional.empty(),
                        Optional.empty()));
        assertThat(first.failover())
                .containsExactly(
                        new TrafficRule.Failover("/spec/meshes/0/traffic/0/failover/0", "ru-central", "eu-west"));
        TrafficRule.Distribute distribute = first.distribute().get(0);
        assertThat(distribute.pointer()).isEqualTo("/spec/meshes/0/traffic/0/distribute/0");
        assertThat(distribute.to().keySet()).as("the order written").containsExactly("spb", "msk");
        assertThat(distribute.to()).containsEntry("spb", 80).containsEntry("msk", 20);
        assertThat(first.canary())
                .contains(new TrafficRule.Canary("/spec/meshes/0/traffic/0/canary", "v1", "v2", 10, "version"));
        assertThat(first.affinity()).contains("zone");

        TrafficRule second = topology.meshes().get(0).traffic().get(1);
        assertThat(second.circuitBreaker()).isEmpty();
        assertThat(second.failover()).isEmpty();
        assertThat(second.affinity()).isEmpty();
        assertThat(second.canary().orElseThrow().versionLabel()).isEqualTo("track");
    }

    @Test
    void argoCdGetsItsDefaults() {
        Delivery delivery = Models.read(HEAD + """
                  gitops: {tool: argocd}
                """).gitops().delivery();
        assertThat(delivery)
                .isEqualTo(new Delivery.ArgoCd(
                        Optional.empty(),
                        "main",
                        "rendered",
                        "argocd",
                        "default",
                        Optional.empty(),
                        "https://helm.cilium.io/"));
    }

    @Test
    void argoCdSettingsAreRead() {
        Gitops gitops = Models.read(HEAD + """
                  gitops:
                    tool: argocd
                    repoURL: https://git.example.com/fleet.git
                    revision: prod
                    path: deploy/rendered
                    namespacesExist: true
                    argocd: {namespace: gitops, project: mesh}
                    cilium: {chartVersion: 1.16.5, repoURL: https://charts.example.com/}
                """).gitops();
        assertThat(gitops.namespacesExist()).isTrue();
        assertThat(gitops.delivery())
                .isEqualTo(new Delivery.ArgoCd(
                        Optional.of("https://git.example.com/fleet.git"),
                        "prod",
                        "deploy/rendered",
                        "gitops",
                        "mesh",
                        Optional.of("1.16.5"),
                        "https://charts.example.com/"));
    }

    @Test
    void fluxNamesItsGitRepositoryAfterTheTopologyByDefault() {
        assertThat(Models.read(HEAD + """
                  gitops: {tool: flux}
                """).gitops().delivery())
                .isEqualTo(new Delivery.Flux("rendered", "flux-system", "retail", Optional.empty(), "cilium"));
        assertThat(Models.read(HEAD + """
                  gitops:
                    tool: flux
                    path: out
                    flux: {namespace: fx, gitRepository: fleet}
                    cilium: {chartVersion: 1.17.0, helmRepository: cilium-charts}
                """).gitops().delivery())
                .isEqualTo(new Delivery.Flux("out", "fx", "fleet", Optional.of("1.17.0"), "cilium-charts"));
    }

    @Test
    void policiesAreRead() {
        Policies policies = Models.read(HEAD + """
                  policies:
                    allowCrossEnvironment: true
                    residency:
                      - {namespace: pii, allowedClusters: [msk]}
                      - {namespace: eu, allowedLabels: {region: eu}}
                """).policies();
        assertThat(policies.allowCrossEnvironment()).isTrue();
        assertThat(policies.residency())
                .containsExactly(
                        new Policies.Residency("/spec/policies/residency/0", "pii", List.of("msk"), Map.of()),
                        new Policies.Residency("/spec/policies/residency/1", "eu", List.of(), Map.of("region", "eu")));
    }
}
