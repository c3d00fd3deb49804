package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flux runs in each cluster and applies {@code gitops/flux/<cluster>/}: one Kustomization per
 * phase folder the tree has, each depending on the one before, plus per ClusterMesh member with
 * an upstream Cilium a HelmRelease of the Cilium chart with its ClusterMesh values. The folder is
 * the cluster's ({@link Layout#clusterDeliveryFolder}), so rendering only some clusters leaves the
 * others' as they are.
 */
final class FluxPlanner implements DeliveryPlanner {

    /**
     * How long the modules phase waits for the CRDs the mesh phase needs, and how soon a failed
     * phase is tried again: the istio module installs its CRDs a few minutes after the ModuleConfig
     * arrives, and the default retry is the full interval.
     */
    static final String HEALTH_TIMEOUT = "5m";

    static final String RETRY_INTERVAL = "1m";

    /** The folders (and Kustomization files) of a member's Cilium upgrade, in its delivery folder. */
    static final String CILIUM_PREFLIGHT = "cilium-preflight";

    static final String CILIUM = "cilium";

    /**
     * How long helm-controller may take to upgrade Cilium (HelmRelease {@code timeout}): it waits for every
     * agent to restart with the new cilium-config, one node batch after another (the DaemonSet's rolling
     * update), and only then marks the release Ready.
     */
    static final String CILIUM_UPGRADE_TIMEOUT = "30m";

    /** How long {@code <topology>-cilium} waits for the HelmRelease to be Ready: the upgrade's timeout and a little more. */
    static final String CILIUM_HEALTH_TIMEOUT = "35m";

    /**
     * The CA the members share, which the certgen Jobs sign with ({@code --ca-secret-name=cilium-ca},
     * {@code --ca-reuse-secret}, chart {@code templates/clustermesh-apiserver/tls-cronjob/_job-spec.tpl}).
     */
    static final HealthCheck CILIUM_CA = new HealthCheck("v1", "Secret", "cilium-ca", CiliumPlanner.CILIUM_NAMESPACE);

    /**
     * A release installed with the chart's defaults owns Secret cilium-ca (hubble's method {@code helm},
     * {@code templates/cilium-ca-secret.yaml}); the ClusterMesh values render it no more, and Helm deletes what the
     * old manifest has and the new one lacks unless the live object says {@code helm.sh/resource-policy: keep}
     * (helm/helm {@code pkg/kube/client.go}, {@code Update}: {@code originals.Difference(targets)}, reading the
     * annotations of the object it got from the cluster). The upgrade waits until the Secret is kept.
     */
    static final HealthCheckExpression CA_KEPT = new HealthCheckExpression(
            "v1",
            "Secret",
            "has(metadata.annotations) && 'helm.sh/resource-policy' in metadata.annotations"
                    + " && metadata.annotations['helm.sh/resource-policy'] == 'keep'");

    /** The upstream Cilium agent DaemonSet (chart {@code templates/cilium-agent/daemonset.yaml}). */
    static final HealthCheck CILIUM_AGENT =
            new HealthCheck("apps/v1", "DaemonSet", "cilium", CiliumPlanner.CILIUM_NAMESPACE);

    private final Delivery.Flux flux;

    FluxPlanner(Delivery.Flux flux) {
        this.flux = flux;
    }

    /**
     * How kustomize-controller judges the health of a kind ({@code healthCheckExprs}): fluxcd/pkg
     * {@code runtime/cel/status_evaluator.go} evaluates {@code current} on the object's fields, and an object for
     * which it is not true stays InProgress, so the health check times out.
     */
    public record HealthCheckExpression(String apiVersion, String kind, String current) {}

    /** An object a Kustomization's health depends on; {@code namespace} {@code null} for a cluster-scoped one. */
    public record HealthCheck(String apiVersion, String kind, String name, String namespace) {
        static HealthCheck crd(String name) {
            return new HealthCheck("apiextensions.k8s.io/v1", "CustomResourceDefinition", name, null);
        }
    }

    /**
     * The data of {@code flux-kustomization.yaml.ftl}; a {@code null} component is left out of the object.
     *
     * @param dependsOn    the Kustomizations that must be Ready first; empty for none
     * @param healthChecks the objects that must be healthy before the next phase; {@code null} to wait instead
     * @param timeout      how long the health checks may take; {@code null} without them (the phase then waits
     *                     for its own objects)
     */
    public record FluxKustomization(
            String name,
            String namespace,
            String path,
            boolean prune,
            String gitRepository,
            String retryInterval,
            List<String> dependsOn,
            List<HealthCheck> healthChecks,
            List<HealthCheckExpression> healthCheckExprs,
            String timeout) {
        public FluxKustomization {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** The data of {@code flux-cilium-helmrelease.yaml.ftl}. */
    public record CiliumHelmRelease(
            String name, String namespace, CiliumChart chart, String timeout, CiliumPlanner.ClusterMeshValues values) {}

    /**
     * A ModuleConfig has no readiness condition (deckhouse deckhouse-controller/crds/module-config.yaml),
     * so kstatus calls it Current at once and {@code wait} would order nothing: the modules phase is
     * healthy only once the CustomResourceDefinitions the mesh phase needs are Established (kstatus
     * crdConditions), which happens when the module has started. Both phases retry soon after a failure.
     */
    @Override
    public void plan(Plan plan) {
        Topology topology = plan.topology();
        for (Cluster cluster : DeliveryPlanner.sorted(topology)) {
            String dir = Layout.clusterDeliveryFolder(flux.tool(), cluster.name());
            List<String> resources = new ArrayList<>();
            Optional<CiliumPlanner.ClusterMeshValues> values = CiliumPlanner.clusterMeshValues(plan, cluster);
            Optional<String> cilium = values.map(v -> planCilium(plan, dir, v, resources));
            List<Phase> phases = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                if (plan.planned(Layout.kustomization(Layout.phaseFolder(cluster.name(), phase)))) {
                    phases.add(phase);
                }
            }
            Optional<String> previous = Optional.empty();
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                String name = topology.name() + "-" + phase.folder();
                List<HealthCheck> gates = i + 1 < phases.size()
                        ? plan.customResources(cluster.name(), phases.get(i + 1)).stream()
                                .filter(CustomResource::installedLater)
                                .map(kind -> HealthCheck.crd(kind.crd()))
                                .toList()
                        : List.of();
                List<String> dependsOn = new ArrayList<>();
                previous.ifPresent(dependsOn::add);
                // the mesh's policies select io.cilium.k8s.policy.cluster: applied only once every agent
                // runs with the member's cluster name
                if (phase == Phase.PEERS) {
                    cilium.ifPresent(dependsOn::add);
                }
                plan.add(Document.file(
                        dir + phase.folder() + ".yaml",
                        "flux-kustomization.yaml.ftl",
                        new FluxKustomization(
                                name,
                                flux.namespace(),
                                "./" + Layout.inRepository(flux.path(), Layout.phaseFolder(cluster.name(), phase)),
                                // a ModuleConfig that leaves the tree stays in the cluster: deleting ModuleConfig
                                // istio switches the module off
                                phase != Phase.MODULES,
                                flux.gitRepository(),
                                RETRY_INTERVAL,
                                dependsOn,
                                gates.isEmpty() ? null : gates,
                                null,
                                gates.isEmpty() ? null : HEALTH_TIMEOUT)));
                resources.add(phase.folder() + ".yaml");
                previous = Optional.of(name);
            }
            if (!resources.isEmpty()) {
                plan.add(Document.file(Layout.kustomization(dir), Kustomization.TEMPLATE, Kustomization.of(resources)));
            }
        }
    }

    /**
     * The Cilium upgrade of one member, in two Kustomizations, and returns the name of the one the mesh phase
     * waits for.
     *
     * <ul>
     *   <li>{@code <topology>-cilium-preflight} applies an empty folder and health-checks the agent DaemonSet and the
     *       kept CA ({@link #CA_KEPT}). The DaemonSet:
     *       helm-controller installs the chart when no release is in storage (fluxcd/helm-controller
     *       {@code internal/reconcile/state.go}: {@code ReleaseStatusAbsent}, "no release in storage for object"; then
     *       {@code atomic_release.go} runs {@code NewInstall}), which would put a second Cilium with only the
     *       ClusterMesh values on the node. kstatus reports an absent DaemonSet NotFound, so the check fails and
     *       kustomize-controller keeps the next one waiting ({@code checkDependencies}: Ready and the same
     *       revision).</li>
     *   <li>{@code <topology>-cilium} applies the HelmRelease ({@code prune: false}: deleting a HelmRelease
     *       uninstalls the CNI) and with {@code wait} is healthy once helm-controller reports the upgrade Ready,
     *       which it does after Helm's wait saw every agent restarted (rollOutCiliumPods).</li>
     * </ul>
     */
    private String planCilium(Plan plan, String dir, CiliumPlanner.ClusterMeshValues values, List<String> resources) {
        Topology topology = plan.topology();
        String preflight = topology.name() + "-cilium-preflight";
        String name = topology.name() + "-cilium";
        plan.add(Document.file(
                dir + CILIUM_PREFLIGHT + ".yaml",
                "flux-kustomization.yaml.ftl",
                new FluxKustomization(
                        preflight,
                        flux.namespace(),
                        "./" + Layout.inRepository(flux.path(), dir + CILIUM_PREFLIGHT + "/"),
                        false,
                        flux.gitRepository(),
                        RETRY_INTERVAL,
                        List.of(),
                        List.of(CILIUM_AGENT, CILIUM_CA),
                        List.of(CA_KEPT),
                        HEALTH_TIMEOUT)));
        plan.add(Document.file(
                Layout.kustomization(dir + CILIUM_PREFLIGHT + "/"),
                Kustomization.TEMPLATE,
                Kustomization.of(List.of())));
        plan.add(Document.file(
                dir + CILIUM + ".yaml",
                "flux-kustomization.yaml.ftl",
                new FluxKustomization(
                        name,
                        flux.namespace(),
                        "./" + Layout.inRepository(flux.path(), dir + CILIUM + "/"),
                        false,
                        flux.gitRepository(),
                        RETRY_INTERVAL,
                        List.of(preflight),
                        null,
                        null,
                        CILIUM_HEALTH_TIMEOUT)));
        plan.add(Document.file(
                dir + CILIUM + "/helmrelease.yaml",
                "flux-cilium-helmrelease.yaml.ftl",
                new CiliumHelmRelease(
                        name,
                        flux.namespace(),
                        new CiliumChart(
                                flux.ciliumHelmRepository(),
                                flux.ciliumChartVersion().orElseThrow()),
                        CILIUM_UPGRADE_TIMEOUT,
                        values)));
        plan.add(Document.file(
                Layout.kustomization(dir + CILIUM + "/"),
                Kustomization.TEMPLATE,
                Kustomization.of(List.of("helmrelease.yaml"))));
        resources.add(CILIUM_PREFLIGHT + ".yaml");
        resources.add(CILIUM + ".yaml");
        return name;
    }
}
