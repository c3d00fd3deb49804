package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.Version;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster's istio module allows: its settings ({@code moduleSettings.istio}, which IstioPlanner
 * renders into its ModuleConfig istio) and, for a federation's access rules, its DKP release
 * ({@code dkpVersion}). It runs right after the validator's cluster version rules, where it always ran.
 */
final class IstioModuleRules implements Rule {

    /**
     * The DKP release that trusts each federation peer's root CA only for that peer's trust domain
     * (deckhouse CHANGELOG v1.76.0, PR #18502: caCertificates[].trustDomains, no more
     * PILOT_SKIP_VALIDATE_TRUST_DOMAIN). Before it, any peer's CA could issue identities in any trust
     * domain, so a principal's trust domain proves nothing about the cluster.
     */
    static final Version TRUST_DOMAIN_BINDING = new Version(1, 76);

    /**
     * Characters of a cluster's istio settings as compact JSON. They become one ModuleConfig, one
     * Kubernetes object: etcd takes at most about 1.5 MiB per request, and the module's real settings
     * are a few KiB. What the meshes add when merging is a few dozen characters more.
     */
    static final int MAX_SETTINGS = 256 * 1024;

    @Override
    public void check(Topology topology, Findings findings) {
        for (Cluster cluster : topology.clusters()) {
            settings(topology, cluster, findings);
        }
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == Provider.ISTIO && mesh.type() == MeshType.FEDERATION) {
                mesh.access().forEach(rule -> identities(topology, mesh, rule, findings));
            }
        }
    }

    private static void settings(Topology topology, Cluster cluster, Findings findings) {
        if (cluster.istioSettings().isEmpty()) {
            return;
        }
        long size = jsonSize(cluster.istioSettings(), MAX_SETTINGS);
        if (size > MAX_SETTINGS) {
            findings.error(
                    FindingCode.MODULE_SETTINGS_SIZE,
                    cluster.istioSettingsPointer(),
                    "moduleSettings.istio of cluster " + Text.quote(cluster.name()) + " is more than " + MAX_SETTINGS
                            + " characters as JSON; they become one ModuleConfig, a Kubernetes object the API server "
                            + "stores whole, and the istio module's settings are a few KiB: keep other data out of them");
            return;
        }
        if (cluster.istioSettings().containsKey("ca")) {
            findings.error(
                    FindingCode.MODULE_SETTINGS_REFUSED,
                    cluster.istioSettingsPointer() + "/ca",
                    "ca holds the root CA's private key "
                            + "(ca.key), which must never be committed to Git; keep ca in the cluster's ModuleConfig istio by hand "
                            + "(Argo CD / Flux then must not own that object) or let DKP generate the CA");
        }
        boolean istio = topology.meshesOf(cluster.name()).stream().anyMatch(m -> m.provider() == Provider.ISTIO);
        if (istio) {
            ambient(topology, cluster, findings);
        }
        unknownKeys(cluster, findings);
        if (!istio) {
            findings.warning(
                    FindingCode.MODULE_SETTINGS_REFUSED,
                    cluster.istioSettingsPointer(),
                    "cluster " + Text.quote(cluster.name())
                            + " is in no istio mesh, so dkp-mesh renders no ModuleConfig istio for it and moduleSettings.istio is ignored");
        }
    }

    /**
     * The top-level keys of the istio module's settings: version 2 (deckhouse
     * {@code modules/110-istio/openapi/config-values.yaml}, shared/upstream) and those newer releases
     * document ({@code modules/110-istio/openapi/openapi-case-tests.yaml}: ambient,
     * jwksResolverAdditionalRootCA; {@code conversions/v3.yaml} only moves keys under dataPlane).
     */
    static final List<String> KNOWN_SETTINGS = List.of(
            "globalVersion",
            "additionalVersions",
            "outboundTrafficPolicyMode",
            "ingressClass",
            "enableHTTP10",
            "federation",
            "multicluster",
            "alliance",
            "tracing",
            "sidecar",
            "ca",
            "proxyConfig",
            "controlPlane",
            "dataPlane",
            "nodeSelector",
            "tolerations",
            "https",
            "highAvailability",
            "auth",
            "ambient",
            "jwksResolverAdditionalRootCA");

    /**
     * A key none of {@link #KNOWN_SETTINGS} is said, not refused: a release newer than what dkp-mesh
     * knows may have it, and DKP validates the ModuleConfig against its module's schema when it is
     * applied.
     */
    private static void unknownKeys(Cluster cluster, Findings findings) {
        for (String key : cluster.istioSettings().keySet()) {
            if (KNOWN_SETTINGS.contains(key) || !key.matches("[a-z][A-Za-z0-9]*")) {
                continue; // a key that is no settings name at all is the schema's (DKPM107)
            }
            String near = Rule.closest(key, KNOWN_SETTINGS)
                    .map(k -> "; did you mean " + k + "?")
                    .orElse("");
            findings.warning(
                    FindingCode.MODULE_SETTINGS_UNKNOWN,
                    cluster.istioSettingsPointer() + "/" + key,
                    "moduleSettings.istio of cluster " + Text.quote(cluster.name()) + " has " + Text.quote(key)
                            + ", which the istio module's settings dkp-mesh knows lack; it is delivered as written and"
                            + " DKP refuses it when the ModuleConfig is applied unless the cluster's release has it"
                            + near);
        }
    }

    /**
     * With ambient on ({@code ambient.enabled}, deckhouse modules/110-istio openapi-case-tests.yaml), a
     * namespace may run in ambient mode and get a waypoint. The AuthorizationPolicies dkp-mesh renders
     * select pods; a waypoint never applies such a policy (istio {@code pilot/pkg/model/policyattachment.go}:
     * "waypoints never use selector", only {@code targetRefs}), and ztunnel behind a waypoint sees the
     * waypoint's identity, not the caller's. So the cluster's access rules hold for sidecar workloads
     * only: said at the setting, naming the rules.
     */
    private static void ambient(Topology topology, Cluster cluster, Findings findings) {
        if (!(cluster.istioSettings().get("ambient") instanceof Map<?, ?> ambient)
                || !Boolean.TRUE.equals(ambient.get("enabled"))) {
            return;
        }
        List<String> rules = new java.util.ArrayList<>();
        for (Mesh mesh : topology.meshesOf(cluster.name())) {
            if (mesh.provider() == Provider.ISTIO) {
                mesh.access().forEach(rule -> rules.add(rule.pointer()));
            }
        }
        if (rules.isEmpty()) {
            return;
        }
        findings.warning(
                FindingCode.AMBIENT_POLICIES,
                cluster.istioSettingsPointer() + "/ambient/enabled",
                "ambient mode is on in cluster " + Text.quote(cluster.name()) + ": the access rules at "
                        + String.join(", ", rules.subList(0, Math.min(3, rules.size())))
                        + (rules.size() > 3 ? " and " + (rules.size() - 3) + " more" : "")
                        + " become AuthorizationPolicies that select pods, which a waypoint never applies"
                        + " (istio pilot/pkg/model/policyattachment.go: waypoints never use selector); they hold for"
                        + " workloads in sidecar mode only, as DKP federation and multicluster require: keep those"
                        + " namespaces in sidecar mode, without a waypoint");
    }

    /**
     * Size as compact JSON, counted only until it passes {@code limit}: settings built with aliases
     * are never serialised whole.
     */
    private static long jsonSize(Object value, long limit) {
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += String.valueOf(entry.getKey()).length() + 4 + jsonSize(entry.getValue(), limit - size);
                if (size > limit) {
                    return size;
                }
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2;
            for (Object item : list) {
                size += jsonSize(item, limit - size) + 1;
                if (size > limit) {
                    return size;
                }
            }
            return size;
        }
        return value instanceof String text
                ? text.length() + 2
                : String.valueOf(value).length();
    }

    /** Identity rules of a federation are enforced by the exporter's istiod, against the peers' certificates. */
    private static void identities(Topology topology, Mesh mesh, AccessRule rule, Findings findings) {
        for (String target : mesh.exporters(rule.namespace(), rule.service())) {
            Optional<Version> version = topology.cluster(target).flatMap(Cluster::dkpVersion);
            if (version.isEmpty() || !version.get().isBefore(TRUST_DOMAIN_BINDING)) {
                continue;
            }
            for (Caller caller : rule.from()) {
                String why = "cluster " + Text.quote(target) + " runs DKP " + version.get()
                        + ", which trusts every federation peer's root CA "
                        + "for every trust domain (trust domains are bound to their CA from DKP " + TRUST_DOMAIN_BINDING
                        + "), so a peer can "
                        + "present an identity of any member";
                if (caller.cluster().isPresent()) {
                    findings.error(
                            FindingCode.CLUSTER_VERSION,
                            caller.pointer() + "/cluster",
                            "a caller by cluster cannot be enforced: " + why + "; upgrade " + Text.quote(target)
                                    + " to DKP " + TRUST_DOMAIN_BINDING + " or later (then set dkpVersion)");
                } else {
                    findings.warning(
                            FindingCode.CLUSTER_VERSION,
                            caller.pointer() + "/namespace",
                            "the namespace is admitted only from "
                                    + "the members' trust domains, but " + why
                                    + ", or of a namespace it does not run; upgrade "
                                    + Text.quote(target) + " to DKP " + TRUST_DOMAIN_BINDING + " or later");
                }
            }
        }
    }
}
