package io.dkpmesh.core.render;

import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Gitops;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.Document.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects that deliver the cluster trees (PRODUCT.md §4): an Argo CD ApplicationSet, or per
 * cluster Flux Kustomizations, one per phase folder; plus, per ClusterMesh member, the Cilium chart
 * with its ClusterMesh values. Runs after the trees' kustomizations are planned, since it points
 * only at folders that exist.
 */
final class GitopsPlanner implements Planner {

    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
    /** gitops-engine's {@code common.SyncOptionSkipDryRunOnMissingResource}. */
    static final String SKIP_DRY_RUN_ON_MISSING_RESOURCE = "SkipDryRunOnMissingResource=true";
    /**
     * How long the modules phase waits for the CRDs the mesh phase needs, and how soon a failed
     * phase is tried again: the istio module installs its CRDs a few minutes after the ModuleConfig
     * arrives, and the default retry is the full interval.
     */
    static final String FLUX_HEALTH_TIMEOUT = "5m";

    static final String FLUX_RETRY_INTERVAL = "1m";
    /** Where Cilium lives in an upstream Helm install, and the release name its docs use. */
    static final String CILIUM_NAMESPACE = "kube-system";

    static final String CILIUM_RELEASE = "cilium";

    @Override
    public void plan(Plan plan) {
        switch (plan.topology().gitops().tool()) {
            case Gitops.ARGOCD -> argocd(plan);
            case Gitops.FLUX -> flux(plan);
            default -> {}
        }
    }

    /**
     * Annotations a phase folder's kustomization puts on its objects under Argo CD: ModuleConfigs
     * sync a wave before the peers, and are never pruned, because deleting ModuleConfig istio
     * switches the module off and tears the mesh down in that cluster. Argo CD dry-runs every
     * object of a sync before its first wave, and an unknown kind fails the whole sync, so the
     * wave -1 ModuleConfig would never be applied (argoproj/gitops-engine pkg/sync/sync_context.go):
     * objects whose CRD appears only once the module or Cilium runs skip that dry run.
     */
    static Map<String, String> argocdAnnotations(Phase phase, Set<CustomResource> kinds) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SYNC_WAVE, Integer.toString(phase.syncWave()));
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

    private static void argocd(Plan plan) {
        Topology topology = plan.topology();
        Gitops gitops = topology.gitops();
        List<Map<String, Object>> elements = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        for (Cluster cluster : sorted(topology)) {
            if (planned(plan, "clusters/" + cluster.name() + "/kustomization.yaml")) {
                elements.add(Map.of(
                        "cluster", cluster.name(), "server", cluster.apiServer().orElseThrow()));
            }
            Optional<Map<String, Object>> values = CiliumPlanner.clusterMeshValues(plan, cluster);
            if (values.isPresent()) {
                String file = "application-cilium-" + cluster.name() + ".yaml";
                plan.add(fleetFile(
                        "gitops/argocd/" + file,
                        "argocd-cilium-application.yaml.ftl",
                        Map.of(
                                "name", topology.name() + "-" + cluster.name() + "-cilium",
                                "namespace", gitops.argocdNamespace(),
                                "project", gitops.argocdProject(),
                                "server", cluster.apiServer().orElseThrow(),
                                "chart", cilium(gitops, gitops.ciliumChartRepoURL()),
                                "values", values.get())));
                resources.add(file);
            }
        }
        if (!elements.isEmpty()) {
            plan.add(fleetFile(
                    "gitops/argocd/applicationset.yaml",
                    "argocd-applicationset.yaml.ftl",
                    Map.of(
                            "name", topology.name(),
                            "namespace", gitops.argocdNamespace(),
                            "project", gitops.argocdProject(),
                            "repoURL", gitops.repoURL().orElseThrow(),
                            "revision", gitops.revision(),
                            "path", gitops.path(),
                            "elements", elements)));
            resources.add(0, "applicationset.yaml");
        }
        if (!resources.isEmpty()) {
            plan.add(fleetFile(
                    "gitops/argocd/kustomization.yaml", "kustomization.yaml.ftl", Map.of("resources", resources)));
        }
    }

    /**
     * Flux runs in each cluster and applies {@code gitops/flux/<cluster>/}: one Kustomization per
     * phase folder the tree has, each depending on the one before. A ModuleConfig has no readiness
     * condition (deckhouse deckhouse-controller/crds/module-config.yaml), so kstatus calls it
     * Current at once and {@code wait} would order nothing: the modules phase is healthy only once
     * the CustomResourceDefinitions the mesh phase needs are Established (kstatus crdConditions),
     * which happens when the module has started. Both phases retry soon after a failure.
     */
    private static void flux(Plan plan) {
        Topology topology = plan.topology();
        Gitops gitops = topology.gitops();
        for (Cluster cluster : sorted(topology)) {
            String dir = "gitops/flux/" + cluster.name() + "/";
            List<String> resources = new ArrayList<>();
            Optional<String> previous = Optional.empty();
            List<Phase> phases = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                if (planned(plan, "clusters/" + cluster.name() + "/" + phase.folder() + "/kustomization.yaml")) {
                    phases.add(phase);
                }
            }
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                String name = topology.name() + "-" + phase.folder();
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("name", name);
                model.put("namespace", gitops.fluxNamespace());
                model.put("path", "./" + gitops.path() + "/clusters/" + cluster.name() + "/" + phase.folder());
                // a ModuleConfig that leaves the tree stays in the cluster: deleting ModuleConfig istio switches the
                // module off
                model.put("prune", phase != Phase.MODULES);
                model.put("gitRepository", gitops.fluxGitRepository());
                model.put("retryInterval", FLUX_RETRY_INTERVAL);
                previous.ifPresent(before -> model.put("dependsOn", before));
                List<String> gates = i + 1 < phases.size()
                        ? plan.customResources(cluster.name(), phases.get(i + 1)).stream()
                                .filter(CustomResource::installedLater)
                                .map(CustomResource::crd)
                                .toList()
                        : List.of();
                if (gates.isEmpty()) {
                    model.put("wait", true);
                } else {
                    model.put("healthChecks", gates);
                    model.put("timeout", FLUX_HEALTH_TIMEOUT);
                }
                plan.add(clusterGitopsFile(
                        cluster, dir + phase.folder() + ".yaml", "flux-kustomization.yaml.ftl", model));
                resources.add(phase.folder() + ".yaml");
                previous = Optional.of(name);
            }
            Optional<Map<String, Object>> values = CiliumPlanner.clusterMeshValues(plan, cluster);
            if (values.isPresent()) {
                plan.add(clusterGitopsFile(
                        cluster,
                        dir + "cilium.yaml",
                        "flux-cilium-helmrelease.yaml.ftl",
                        Map.of(
                                "name", topology.name() + "-cilium",
                                "namespace", gitops.fluxNamespace(),
                                "chart", cilium(gitops, gitops.ciliumHelmRepository()),
                                "values", values.get())));
                resources.add("cilium.yaml");
            }
            if (!resources.isEmpty()) {
                plan.add(clusterGitopsFile(
                        cluster, dir + "kustomization.yaml", "kustomization.yaml.ftl", Map.of("resources", resources)));
            }
        }
    }

    /** The Cilium chart: where from (a Helm repository URL or a Flux HelmRepository name), which version, which release. */
    private static Map<String, Object> cilium(Gitops gitops, String source) {
        return Map.of(
                "source",
                source,
                "version",
                gitops.ciliumChartVersion().orElseThrow(),
                "release",
                CILIUM_RELEASE,
                "namespace",
                CILIUM_NAMESPACE);
    }

    private static List<Cluster> sorted(Topology topology) {
        return topology.clusters().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    private static boolean planned(Plan plan, String path) {
        return plan.planned(path);
    }

    private static Document fleetFile(String path, String template, Map<String, Object> model) {
        return new Document(Optional.empty(), path, template, model, Phase.PEERS, false);
    }

    /** Flux files belong to their cluster, so rendering only some clusters leaves the others' as they are. */
    private static Document clusterGitopsFile(
            Cluster cluster, String path, String template, Map<String, Object> model) {
        return new Document(Optional.of(cluster.name()), path, template, model, Phase.PEERS, false);
    }
}
