package io.dkpmesh.core.access;

import static io.dkpmesh.core.access.AccessOracleTest.decision;
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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own AuthorizationPolicies combined with the rendered ones, each verdict worked by hand
 * from istiod's evaluation order (istio {@code pilot/pkg/security/authz/builder/builder.go}: CUSTOM,
 * then DENY, then ALLOW; istio.io "Authorization Policy": "If there are any CUSTOM policies that
 * match the request, evaluate and deny the request if the evaluation result is deny. If there are
 * any DENY policies that match the request, deny the request. If there are no ALLOW policies for the
 * workload, allow the request. If any of the ALLOW policies match the request, allow the request.
 * Deny the request."). The rendered policy of {@link AccessOracleTest#FEDERATION} admits
 * spb/checkout to msk/shop/payments only.
 */
class UserPoliciesTest {

    @TempDir
    Path dir;

    private static final Target PAYMENTS = new Target("msk", "shop", "payments");

    private RenderRequest request(String... files) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, AccessOracleTest.FEDERATION);
        Path folder = dir.resolve("policies");
        Files.createDirectories(folder);
        for (int i = 0; i < files.length; i += 2) {
            Path file = folder.resolve(files[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, files[i + 1]);
        }
        return RenderRequest.of(topology, dir.resolve("rendered")).withUserPolicies(folder);
    }

    private static String policy(String name, String action, String principal) {
        return """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: %s, namespace: shop}
                spec:
                  selector: {matchLabels: {app: payments}}
                  action: %s
                  rules: [{from: [{source: {principals: ["%s"]}}]}]
                """.formatted(name, action, principal);
    }

    @Test
    void anAllowPolicyOfTheSameWorkloadAddsCallersAndADenyPolicyRemovesThem() throws Exception {
        AccessMatrix matrix = new DkpMesh(EngineLog.SILENT)
                .access(request(
                        "msk/shop/allow.yaml",
                        policy("from-ams", "ALLOW", "ams.local/ns/checkout/sa/*")
                                + "---\n"
                                + policy("no-spb", "DENY", "spb.local/*")));
        assertThat(matrix.userPolicies()).contains(2);
        Decision ams = decision(matrix, PAYMENTS, new Caller("ams", "checkout"));
        assertThat(ams.verdict())
                .as("ALLOW policies of the workload add up: the user's admits ams/checkout")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(ams.by()).containsExactly("user:shop/from-ams");
        Decision spb = decision(matrix, PAYMENTS, new Caller("spb", "checkout"));
        assertThat(spb.verdict())
                .as("a matching DENY policy wins over the rendered ALLOW")
                .isEqualTo(Verdict.DENIED);
        assertThat(spb.by()).containsExactly("user:shop/no-spb");
        assertThat(decision(matrix, PAYMENTS, new Caller("ams", "*")).verdict())
                .as("no ALLOW rule matches ams's other namespaces")
                .isEqualTo(Verdict.DENIED);
    }

    @Test
    void aCustomPolicyLeavesTheVerdictToAnExternalAuthorizerAndTheTopologyCheckIgnoresTheUsersPolicies()
            throws Exception {
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        RenderRequest request = request("msk/ext-authz.yml", """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: security.istio.io/v1
                    kind: AuthorizationPolicy
                    metadata: {name: ext, namespace: shop}
                    spec:
                      action: CUSTOM
                      provider: {name: opa}
                      rules: [{}]
                """);
        mesh.render(request);
        Decision spb = decision(mesh.access(request), PAYMENTS, new Caller("spb", "checkout"));
        assertThat(spb.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(spb.reason()).isEqualTo("decided by an external authorizer (a CUSTOM policy applies): unknown");
        assertThat(dir.resolve("rendered/ACCESS.md"))
                .content()
                .contains("Includes 1 of the user's own AuthorizationPolicies")
                .contains("| `spb/checkout` | unknown | `user:shop/ext` |");
    }

    @Test
    void badFilesGetFindingsAtTheirLineAndOtherKindsAreIgnored() throws Exception {
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        assertThatThrownBy(() -> mesh.access(request(
                        "msk/bad.yaml",
                        "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: [x\n")))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("policies/msk/bad.yaml:3:18: error DKPM513 /: DKPM001: YAML syntax error");
        Files.delete(dir.resolve("policies/msk/bad.yaml"));
        var warnings = mesh.renderInMemory(request(
                        "msk/deploy.yaml",
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
                        "nowhere/ap.yaml",
                        policy("x", "DENY", "*")))
                .warnings();
        assertThat(warnings.stream().map(Object::toString))
                .anyMatch(f -> f.contains(
                        "policies/msk/deploy.yaml:1:1: warning DKPM514 /: ignored: the document is apps/v1 Deployment"))
                .anyMatch(f -> f.contains("policies/nowhere: warning DKPM514 /: ignored:"));
    }

    @Test
    void aMissingFolderIsAnError() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, AccessOracleTest.FEDERATION);
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .access(RenderRequest.of(topology, dir.resolve("rendered"))
                                .withUserPolicies(dir.resolve("absent"))))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM706 /: the user policies folder does not exist");
    }

    private static final Target CATALOG = new Target("msk", "shop", "catalog");

    private static String peerAuthentication(String name, String namespace, String spec) {
        return """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: %s, namespace: %s}
                spec: %s
                """.formatted(name, namespace, spec);
    }

    /**
     * The user's PeerAuthentications set the mode per namespace (istio
     * {@code pilot/pkg/security/authn/policy_applier.go}: the narrowest level wins): a namespace's
     * STRICT refuses the pods without a sidecar before any AuthorizationPolicy, even at a target no
     * policy selects, and a workload's PERMISSIVE under it lets them in again.
     */
    @Test
    void theUsersPeerAuthenticationsDecideWhatCallersWithoutASidecarGet() throws Exception {
        Caller plain = Caller.withoutSidecar("msk");
        AccessMatrix permissive = new DkpMesh(EngineLog.SILENT).access(request("msk/readme.yaml", "{}\n"));
        assertThat(decision(permissive, CATALOG, plain).verdict())
                .as("PERMISSIVE, no policy selects catalog: plain text passes")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(permissive, PAYMENTS, plain).verdict())
                .as("no principal: the rendered rule by principals does not match")
                .isEqualTo(Verdict.DENIED);

        AccessMatrix strict = new DkpMesh(EngineLog.SILENT)
                .access(
                        request(
                                "msk/shop/mtls.yaml",
                                peerAuthentication("strict", "shop", "{mtls: {mode: STRICT}}")
                                        + "---\n"
                                        + peerAuthentication(
                                                "payments-open",
                                                "shop",
                                                "{selector: {matchLabels: {app.kubernetes.io/name: other}}, mtls: {mode: PERMISSIVE}}")));
        assertThat(strict.userPolicies()).contains(2);
        Decision catalog = decision(strict, CATALOG, plain);
        assertThat(catalog.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(catalog.by()).containsExactly("user:shop/strict");
        assertThat(catalog.reason())
                .isEqualTo("mTLS STRICT (PeerAuthentication for the namespace): plain text (no principal) is refused");
        assertThat(decision(strict, CATALOG, new Caller("msk", "checkout")).verdict())
                .as("a caller with a sidecar speaks mTLS")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(strict, PAYMENTS, new Caller("spb", "checkout")).verdict())
                .isEqualTo(Verdict.ADMITTED);

        AccessMatrix workload = new DkpMesh(EngineLog.SILENT)
                .access(request(
                        "msk/shop/mtls.yaml",
                        peerAuthentication("strict", "shop", "{mtls: {mode: STRICT}}")
                                + "---\n"
                                + peerAuthentication(
                                        "catalog-permissive",
                                        "shop",
                                        "{selector: {matchLabels: {app: catalog}}, mtls: {mode: PERMISSIVE}}")));
        assertThat(decision(workload, CATALOG, plain).verdict())
                .as("the workload's PERMISSIVE over the namespace's STRICT")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(workload, new Target("msk", "shop", "*"), plain).verdict())
                .isEqualTo(Verdict.DENIED);
    }

    /**
     * Mesh-wide DISABLE (a policy without selector in the root namespace {@code d8-istio}): auto mTLS
     * sends plain text, so a caller with a sidecar presents no principal in its own cluster; a peer's
     * mTLS through the gateway meets a plain-text listener, which is not modelled: unknown.
     */
    @Test
    void aMeshWideDisableTakesTheirPrincipalsFromCallersWithASidecar() throws Exception {
        AccessMatrix matrix = new DkpMesh(EngineLog.SILENT)
                .access(request(
                        "msk/mtls.yaml",
                        peerAuthentication("default", "d8-istio", "{mtls: {mode: DISABLE}}"),
                        "msk/shop/allow.yaml",
                        policy("from-msk", "ALLOW", "msk.local/ns/checkout/sa/*")));
        assertThat(decision(matrix, PAYMENTS, new Caller("msk", "checkout")).verdict())
                .as("the principal rule no longer matches plain text")
                .isEqualTo(Verdict.DENIED);
        Decision remote = decision(matrix, PAYMENTS, new Caller("spb", "checkout"));
        assertThat(remote.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(remote.by()).containsExactly("user:d8-istio/default");
    }
}
