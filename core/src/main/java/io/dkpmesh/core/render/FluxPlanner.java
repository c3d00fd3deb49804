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
public final class FluxPlanner implements DeliveryPlanner {

    /**
     * How long the modules phase waits for the CRDs the mesh phase needs, and how soon a failed
     * phase is tried again: the istio module installs its CRDs a few minutes after the ModuleConfig
     * arrives, and the default retry is the full interval.
     */
    public static final String HEALTH_TIMEOUT = "5m";

    public static final String RETRY_INTERVAL = "1m";

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
        public static HealthCheck crd(String name) {
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
            // what the providers deliver beside the phases (Cilium: its chart), and what the mesh phase waits for
            List<String> providers = new ArrayList<>();
            plan.providers().forEach(provider -> providers.addAll(provider.flux(plan, flux, dir, cluster, resources)));
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
                // the mesh's objects apply only once what the providers deliver is ready (Cilium: its policies
                // select io.cilium.k8s.policy.cluster, so every agent must run with the member's cluster name)
                if (phase == Phase.PEERS) {
                    dependsOn.addAll(providers);
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
}
