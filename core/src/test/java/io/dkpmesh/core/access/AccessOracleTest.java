package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix as the oracle of every render: a policy that admits more, or fewer, callers
 * than its topology asks fails the render with DKPM540 at the rule. The planners are stood in for
 * by user templates (dkpmesh.templates) that render a wrong policy; the built-in ones must pass.
 */
class AccessOracleTest {

    /** Topologies.FEDERATION with payments exported by msk and open to spb/checkout only (the rule at line 37). */
    static final String FEDERATION = Topologies.FEDERATION + """
                    - {cluster: msk, namespace: shop, service: payments}
                  access:
                    - namespace: shop
                      service: payments
                      from:
                        - {cluster: spb, namespace: checkout}
            """;

    static final String CILIUM = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
              clusters:
                - {name: msk, edition: CE, region: ru, clusterDomain: msk.local, podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16,
                   cilium: {install: helm, id: 1, apiserver: {address: cm.msk.example.com, port: 2379}}}
                - {name: ams, edition: CE, region: eu, clusterDomain: ams.local, podSubnetCIDR: 10.113.0.0/16, serviceSubnetCIDR: 10.224.0.0/16,
                   cilium: {install: helm, id: 2, apiserver: {address: cm.ams.example.com, port: 2379}}}
              meshes:
                - name: retail
                  type: federation
                  provider: cilium
                  clusters: [msk, ams]
                  exports:
                    - {cluster: msk, namespace: shop, service: stock}
                  access:
                    - namespace: shop
                      service: stock
                      from:
                        - {cluster: ams, namespace: shipping}
            """;

    @TempDir
    Path dir;

    Path templates;

    @BeforeEach
    void setUp() throws Exception {
        templates = dir.resolve("templates");
        Files.createDirectories(templates);
    }

    private RenderRequest request(String topology) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology);
        return new RenderRequest(file, dir.resolve("rendered"), Optional.of(templates), Set.of());
    }

    private void override(String template, String from, String to) throws Exception {
        String builtIn = Files.readString(Path.of("..", "templates", template));
        assertThat(builtIn).contains(from);
        Files.writeString(templates.resolve(template), builtIn.replace(from, to));
    }

    @Test
    void builtInPoliciesDoWhatTheRulesSay() throws Exception {
        AccessMatrix matrix = new DkpMesh(EngineLog.SILENT).access(request(FEDERATION));
        assertThat(decision(matrix, new Target("msk", "shop", "payments"), new Caller("spb", "checkout"))
                        .verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, new Target("msk", "shop", "payments"), new Caller("ams", "checkout"))
                        .verdict())
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, new Target("msk", "shop", "payments"), new Caller("msk", "checkout"))
                        .verdict())
                .as("the rule names spb only, so msk's own namespaces are refused too")
                .isEqualTo(Verdict.DENIED);
        Decision unexported = decision(matrix, new Target("spb", "shop", "payments"), new Caller("msk", "checkout"));
        // DKP's federation gateway forwards it; the boundary dkp-mesh renders on spb's gateway denies it
        assertThat(unexported.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(unexported.reason())
                .startsWith("denied at spb's federation gateway by authorizationpolicy-d8-istio.federation-boundary")
                .contains("not exported");
        new DkpMesh(EngineLog.SILENT).render(request(CILIUM));
        assertThat(dir.resolve("rendered/ACCESS.md"))
                .content()
                .contains("| `ams/shipping` | admitted | `ciliumnetworkpolicy-shop.retail-access-stock` |");
    }

    @Test
    void anAuthorizationPolicyAdmittingMoreFailsAtTheRule() throws Exception {
        // one more rule that matches every request: every caller of the workload is admitted
        override("authorizationpolicy.yaml.ftl", "  rules:\n", "  rules:\n    - {}\n");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(FEDERATION)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("topology.yaml:37:11: error DKPM540")
                .hasMessageContaining(
                        "error DKPM540 /spec/meshes/0/access/0: the rendered policies admit callers this part of the topology does not: "
                                + "ams/* -> msk/shop/payments (authorizationpolicy-shop.payments: a rule allows it)");
        assertThat(dir.resolve("rendered")).doesNotExist();
    }

    @Test
    void anAuthorizationPolicyAdmittingLessFailsAtTheRule() throws Exception {
        // principals of a trust domain no cluster has: the listed caller is refused
        override(
                "authorizationpolicy.yaml.ftl",
                "              - ${q(principal)}",
                "              - ${q(\"x\" + principal)}");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(FEDERATION)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining(
                        "error DKPM540 /spec/meshes/0/access/0: the rendered policies refuse callers this part of the topology admits: "
                                + "spb/checkout -> msk/shop/payments (authorizationpolicy-shop.payments: no rule of the ALLOW policies matches)");
    }

    @Test
    void aMissingFederationBoundaryFailsAtTheExports() throws Exception {
        // boundary policies that deny nobody: remote pods reach what msk does not export
        override(
                "ciliumnetworkpolicy.yaml.ftl",
                "  ingressDeny:\n",
                "  ingressDeny:\n    - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.cluster: nowhere}}]\n  ingress:\n");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(CILIUM)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining(
                        "error DKPM540 /spec/meshes/0/exports: the rendered policies admit callers this part of the topology does not: "
                                + "msk/* -> ams/shop/* (no rule denies it)");
    }

    @Test
    void aCiliumPolicyWithoutClusterNamesRefusesRemoteCallers() throws Exception {
        // since Cilium 1.19 a peer selector without io.cilium.k8s.policy.cluster matches local endpoints only
        override(
                "ciliumnetworkpolicy.yaml.ftl",
                "<#list s.matchLabels as label>",
                "<#list s.matchLabels?filter(l -> l.key != \"io.cilium.k8s.policy.cluster\") as label>");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(CILIUM)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining(
                        "error DKPM540 /spec/meshes/0/access/0: the rendered policies refuse callers this part of the topology admits: ")
                .hasMessageContaining("ams/shipping -> msk/shop/stock (ciliumnetworkpolicy-shop.retail-access-stock: "
                        + "selected for ingress, and no ingress rule matches)");
    }

    static Decision decision(AccessMatrix matrix, Target target, Caller caller) {
        return matrix.targets().stream()
                .filter(t -> t.target().equals(target))
                .findFirst()
                .orElseThrow()
                .decisions()
                .stream()
                .filter(d -> d.caller().equals(caller))
                .findFirst()
                .orElseThrow();
    }
}
