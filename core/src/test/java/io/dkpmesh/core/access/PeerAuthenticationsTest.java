package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.PeerAuthentications.Mode;
import io.dkpmesh.core.access.PeerAuthentications.Mtls;
import io.dkpmesh.core.access.PeerAuthentications.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mTLS mode of a workload, each case worked by hand from istiod's composition (istio
 * {@code pilot/pkg/security/authn/policy_applier.go} {@code ComposePeerAuthentication}: "It should
 * have the setting from the most narrow scope (i.e workload-level is preferred over
 * namespace-level, which is preferred over mesh-level)"; "When there are more than one policy in the
 * same scope ..., the oldest one win"; "UNSET will be replaced with the setting from the parent";
 * a policy with a selector in the root namespace is ignored; with none at all, PERMISSIVE).
 */
class PeerAuthenticationsTest {

    private static final Map<String, String> PAYMENTS = Map.of("app", "payments");

    private static Policy policy(String name, String namespace, String yamlSpec) {
        Map<?, ?> spec = (Map<?, ?>) FleetObjects.plain(io.dkpmesh.core.load.YamlLoader.load(
                        "spec.yaml", yamlSpec.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .root()
                .orElseThrow());
        return Policy.parse(name, namespace, spec);
    }

    private static Mtls mode(String namespace, Map<String, String> labels, Policy... policies) {
        return new PeerAuthentications(List.of(policies), "d8-istio").of(namespace, labels);
    }

    @Test
    void withoutPoliciesTheModeIsDkpsPermissive() {
        assertThat(mode("shop", PAYMENTS)).isSameAs(PeerAuthentications.DEFAULT);
        assertThat(PeerAuthentications.DEFAULT.mode()).isEqualTo(Mode.PERMISSIVE);
    }

    @Test
    void theNarrowestLevelWins() {
        Policy mesh = policy("mesh", "d8-istio", "mtls: {mode: STRICT}");
        Policy shop = policy("shop", "shop", "mtls: {mode: PERMISSIVE}");
        Policy payments =
                policy("payments", "shop", "{selector: {matchLabels: {app: payments}}, mtls: {mode: STRICT}}");

        assertThat(mode("billing", PAYMENTS, mesh, shop).mode())
                .as("mesh-wide in the root namespace")
                .isEqualTo(Mode.STRICT);
        Mtls namespace = mode("shop", Map.of("app", "catalog"), mesh, shop, payments);
        assertThat(namespace.mode()).as("the namespace's over the mesh's").isEqualTo(Mode.PERMISSIVE);
        assertThat(namespace.by()).containsExactly("shop");
        Mtls workload = mode("shop", PAYMENTS, mesh, shop, payments);
        assertThat(workload.mode()).as("the workload's over the namespace's").isEqualTo(Mode.STRICT);
        assertThat(workload.by()).containsExactly("payments");
        assertThat(workload.reason()).isEqualTo("mTLS STRICT (PeerAuthentication for the workload)");
    }

    @Test
    void unsetInheritsAndARootNamespaceSelectorIsIgnored() {
        Policy shop = policy("shop", "shop", "mtls: {mode: STRICT}");
        Policy unset = policy("payments", "shop", "{selector: {matchLabels: {app: payments}}, mtls: {mode: UNSET}}");
        Policy none = policy("none", "shop", "{selector: {matchLabels: {app: payments}}}");
        Policy rootSelector =
                policy("root", "d8-istio", "{selector: {matchLabels: {app: payments}}, mtls: {mode: DISABLE}}");

        assertThat(mode("shop", PAYMENTS, shop, unset).mode()).isEqualTo(Mode.STRICT);
        assertThat(mode("shop", PAYMENTS, shop, none).mode()).isEqualTo(Mode.STRICT);
        assertThat(mode("shop", PAYMENTS, shop, rootSelector).mode())
                .as("a workload policy in the root namespace is not one")
                .isEqualTo(Mode.STRICT);
        assertThat(mode("billing", PAYMENTS, rootSelector)).isSameAs(PeerAuthentications.DEFAULT);
    }

    @Test
    void anEmptySelectorIsNamespaceWideAndOtherWorkloadsAreNotSelected() {
        Policy empty = policy("empty", "shop", "{selector: {matchLabels: {}}, mtls: {mode: STRICT}}");
        Policy payments =
                policy("payments", "shop", "{selector: {matchLabels: {app: payments}}, mtls: {mode: STRICT}}");

        assertThat(mode("shop", Map.of("app", "catalog"), empty).mode()).isEqualTo(Mode.STRICT);
        assertThat(mode("shop", Map.of("app", "catalog"), payments).mode()).isEqualTo(Mode.PERMISSIVE);
        assertThat(mode("shop", Map.of(), payments).mode())
                .as("the stand-in for the namespace's other workloads carries no labels")
                .isEqualTo(Mode.PERMISSIVE);
    }

    @Test
    void aPortThatRefusesPlainTextRefusesAPlainTextCaller() {
        Policy ports = policy(
                "payments",
                "shop",
                "{selector: {matchLabels: {app: payments}}, mtls: {mode: PERMISSIVE},"
                        + " portLevelMtls: {\"8443\": {mode: STRICT}}}");
        Mtls mtls = mode("shop", PAYMENTS, ports);
        assertThat(mtls.refusesPlainText()).isTrue();
        assertThat(mtls.reason()).isEqualTo("mTLS STRICT on some port (PeerAuthentication for the workload)");
        Policy namespacePorts =
                policy("shop", "shop", "{mtls: {mode: PERMISSIVE}, portLevelMtls: {\"8443\": {mode: STRICT}}}");
        assertThat(mode("shop", PAYMENTS, namespacePorts).mode())
                .as("portLevelMtls counts only in a workload policy")
                .isEqualTo(Mode.PERMISSIVE);
    }

    /**
     * Auto mTLS follows a DISABLE of the mesh or the namespace only (istio
     * {@code pilot/pkg/model/push_context.go} {@code BestEffortInferServiceMTLSMode}: "uses only mesh and
     * namespace level PeerAuthentication and ignore workload & port level policies"): there sidecars send
     * plain text; a workload's own DISABLE leaves them sending mTLS.
     */
    @Test
    void onlyAMeshOrNamespaceDisableMakesSidecarsSendPlainText() {
        Mtls namespace = mode("shop", PAYMENTS, policy("off", "shop", "mtls: {mode: DISABLE}"));
        assertThat(namespace.offForSidecars()).isTrue();
        assertThat(namespace.offForWorkloadOnly()).isFalse();
        Mtls workload = mode(
                "shop",
                PAYMENTS,
                policy("off", "shop", "{selector: {matchLabels: {app: payments}}, mtls: {mode: DISABLE}}"));
        assertThat(workload.offForSidecars()).isFalse();
        assertThat(workload.offForWorkloadOnly()).isTrue();
    }

    @Test
    void twoPoliciesOfOneLevelThatDisagreeLeaveTheModeUnknown() {
        Mtls mtls = mode(
                "shop",
                PAYMENTS,
                policy("a", "shop", "mtls: {mode: STRICT}"),
                policy("b", "shop", "mtls: {mode: PERMISSIVE}"));
        assertThat(mtls.mode()).as("istiod takes the oldest, unknown offline").isEqualTo(Mode.UNKNOWN);
        assertThat(mtls.by()).containsExactly("a", "b");
        assertThat(mode(
                                "shop",
                                PAYMENTS,
                                policy("a", "shop", "mtls: {mode: STRICT}"),
                                policy("b", "shop", "mtls: {mode: STRICT}"))
                        .mode())
                .isEqualTo(Mode.STRICT);
    }
}
