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

    private final Delivery.Flux flux;

    FluxPlanner(Delivery.Flux flux) {
        this.flux = flux;
    }

    /**
     * The data of {@code flux-kustomization.yaml.ftl}; a {@code null} component is left out of the object.
     *
     * @param dependsOn    the Kustomization of the phase before; {@code null} for the first
     * @param healthChecks the CRDs that must be Established before the next phase; {@code null} to wait instead
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
            String dependsOn,
            List<String> healthChecks,
            String timeout) {}

    /** The data of {@code flux-cilium-helmrelease.yaml.ftl}. */
    public record CiliumHelmRelease(
            String name, String namespace, CiliumChart chart, CiliumPlanner.ClusterMeshValues values) {}

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
                List<String> gates = i + 1 < phases.size()
                        ? plan.customResources(cluster.name(), phases.get(i + 1)).stream()
                                .filter(CustomResource::installedLater)
                                .map(CustomResource::crd)
                                .toList()
                        : List.of();
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
                                previous.orElse(null),
                                gates.isEmpty() ? null : gates,
                                gates.isEmpty() ? null : HEALTH_TIMEOUT)));
                resources.add(phase.folder() + ".yaml");
                previous = Optional.of(name);
            }
            Optional<CiliumPlanner.ClusterMeshValues> values = CiliumPlanner.clusterMeshValues(plan, cluster);
            if (values.isPresent()) {
                plan.add(Document.file(
                        dir + "cilium.yaml",
                        "flux-cilium-helmrelease.yaml.ftl",
                        new CiliumHelmRelease(
                                topology.name() + "-cilium",
                                flux.namespace(),
                                new CiliumChart(
                                        flux.ciliumHelmRepository(),
                                        flux.ciliumChartVersion().orElseThrow()),
                                values.get())));
                resources.add("cilium.yaml");
            }
            if (!resources.isEmpty()) {
                plan.add(Document.file(Layout.kustomization(dir), Kustomization.TEMPLATE, Kustomization.of(resources)));
            }
        }
    }
}
