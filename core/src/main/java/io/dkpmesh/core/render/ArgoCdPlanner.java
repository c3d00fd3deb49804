package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Argo CD, outside the clusters: an ApplicationSet with one Application per cluster tree, and per
 * ClusterMesh member with an upstream Cilium an Application of the Cilium chart with its
 * ClusterMesh values. Everything lands in {@code gitops/argocd/}, a fleet-wide folder.
 */
final class ArgoCdPlanner implements DeliveryPlanner {

    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
    /** gitops-engine's {@code common.SyncOptionSkipDryRunOnMissingResource}. */
    static final String SKIP_DRY_RUN_ON_MISSING_RESOURCE = "SkipDryRunOnMissingResource=true";

    private final Delivery.ArgoCd argocd;
    private final String folder;

    ArgoCdPlanner(Delivery.ArgoCd argocd) {
        this.argocd = argocd;
        this.folder = Layout.deliveryFolder(argocd.tool());
    }

    /** One element of the ApplicationSet's list generator: a cluster tree and its destination. */
    public record Element(String cluster, String server) {}

    /**
     * The data of {@code argocd-applicationset.yaml.ftl}.
     *
     * @param clusterPath the repository path of a cluster tree, with the Go template {@code {{ .cluster }}} for its name
     */
    public record ApplicationSet(
            String name,
            String namespace,
            String project,
            String repoURL,
            String revision,
            String path,
            String clusterPath,
            List<Element> elements) {}

    /**
     * Annotations a phase folder's kustomization puts on its objects under Argo CD: ModuleConfigs
     * sync a wave before the peers, and are never pruned, because deleting ModuleConfig istio
     * switches the module off and tears the mesh down in that cluster. Argo CD dry-runs every
     * object of a sync before its first wave, and an unknown kind fails the whole sync, so the
     * wave -1 ModuleConfig would never be applied (argoproj/gitops-engine pkg/sync/sync_context.go):
     * objects whose CRD appears only once the module or Cilium runs skip that dry run.
     */
    @Override
    public Map<String, String> phaseAnnotations(Phase phase, Set<CustomResource> kinds) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SYNC_WAVE, Integer.toString(syncWave(phase)));
        List<String> options = new ArrayList<>();
        if (phase == Phase.MODULES) {
            options.add("Prune=false");
        }
        if (kinds.stream().anyMatch(CustomResource::installedLater)) {
            options.add(SKIP_DRY_RUN_ON_MISSING_RESOURCE);
        }
        if (!options.isEmpty()) {
            annotations.put(SYNC_OPTIONS, String.join(",", options));
        }
        return annotations;
    }

    /** The Argo CD sync wave of a phase's objects: module settings before the objects they enable. */
    static int syncWave(Phase phase) {
        return switch (phase) {
            case MODULES -> -1;
            case PEERS -> 0;
        };
    }

    @Override
    public void plan(Plan plan) {
        Topology topology = plan.topology();
        List<Element> elements = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        for (Cluster cluster : DeliveryPlanner.sorted(topology)) {
            if (plan.planned(Layout.kustomization(Layout.clusterRoot(cluster.name())))) {
                elements.add(new Element(cluster.name(), cluster.apiServer().orElseThrow()));
            }
            for (MeshProvider provider : plan.providers()) {
                resources.addAll(provider.argoCd(plan, argocd, folder, cluster));
            }
        }
        if (!elements.isEmpty()) {
            plan.add(Document.file(
                    folder + "applicationset.yaml",
                    "argocd-applicationset.yaml.ftl",
                    new ApplicationSet(
                            topology.name(),
                            argocd.namespace(),
                            argocd.project(),
                            argocd.repoURL().orElseThrow(),
                            argocd.revision(),
                            argocd.path(),
                            Layout.inRepository(argocd.path(), Layout.clusterRoot("{{ .cluster }}")),
                            elements)));
            resources.add(0, "applicationset.yaml");
        }
        if (!resources.isEmpty()) {
            plan.add(Document.file(Layout.kustomization(folder), Kustomization.TEMPLATE, Kustomization.of(resources)));
        }
    }
}
