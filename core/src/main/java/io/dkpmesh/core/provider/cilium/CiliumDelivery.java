package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.FluxPlanner;
import io.dkpmesh.core.render.FluxPlanner.FluxKustomization;
import io.dkpmesh.core.render.FluxPlanner.HealthCheck;
import io.dkpmesh.core.render.FluxPlanner.HealthCheckExpression;
import io.dkpmesh.core.render.Kustomization;
import io.dkpmesh.core.render.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a GitOps tool installs a ClusterMesh member's upstream Cilium with its ClusterMesh values: under
 * Argo CD an Application of the Cilium chart, under Flux a HelmRelease behind a preflight
 * Kustomization. Moved here from the Argo CD and Flux planners, which now ask every provider
 * ({@link CiliumProvider}).
 */
final class CiliumDelivery {

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

    /**
     * The sync wave of the Cilium Applications, before the ApplicationSet (wave 0, the default), when an app of
     * apps syncs {@code gitops/argocd/}: gitops-engine starts a wave only once every resource of the waves before
     * is Healthy (argoproj/gitops-engine {@code pkg/sync/sync_context.go}, {@code getOperationPhase}: Progressing
     * keeps the operation Running). An Application's health is assessed there only with the health check Argo CD
     * removed in 1.8 (argo-cd {@code docs/operator-manual/health.md}, "Argocd App"), which docs/cilium.md has the
     * user restore; then the cluster trees, whose policies name the member's cluster, are created only once the
     * Cilium chart is synced and its agent DaemonSet rolled out (gitops-engine {@code pkg/health/health_daemonset.go}).
     */
    static final int CILIUM_SYNC_WAVE = -1;

    /** The data of {@code argocd-cilium-application.yaml.ftl}. */
    public record CiliumApplication(
            String name,
            String namespace,
            String syncWave,
            String project,
            String server,
            CiliumChart chart,
            CiliumPlanner.ClusterMeshValues values) {}

    /**
     * The Cilium chart a tool installs a ClusterMesh member's values with, as its templates see it.
     *
     * @param source    where from: a Helm repository URL (Argo CD) or a Flux HelmRepository name
     * @param version   the pinned chart version
     * @param release   the release name Cilium's docs use
     * @param namespace where Cilium lives in an upstream Helm install
     */
    public record CiliumChart(String source, String version, String release, String namespace) {
        CiliumChart(String source, String version) {
            this(source, version, "cilium", CiliumPlanner.CILIUM_NAMESPACE);
        }
    }

    /** The data of {@code flux-cilium-helmrelease.yaml.ftl}. */
    public record CiliumHelmRelease(
            String name, String namespace, CiliumChart chart, String timeout, CiliumPlanner.ClusterMeshValues values) {}

    private CiliumDelivery() {}

    /** The Argo CD Application of a member's Cilium chart, in {@code folder}; the files added there. */
    static List<String> argoCd(Plan plan, Delivery.ArgoCd argocd, String folder, Cluster cluster) {
        Topology topology = plan.topology();
        List<String> resources = new ArrayList<>();
        Optional<CiliumPlanner.ClusterMeshValues> values = CiliumPlanner.clusterMeshValues(plan, cluster);
        if (values.isPresent()) {
            String file = "application-cilium-" + cluster.name() + ".yaml";
            plan.add(Document.file(
                    folder + file,
                    "argocd-cilium-application.yaml.ftl",
                    new CiliumApplication(
                            topology.name() + "-" + cluster.name() + "-cilium",
                            argocd.namespace(),
                            Integer.toString(CILIUM_SYNC_WAVE),
                            argocd.project(),
                            cluster.apiServer().orElseThrow(),
                            new CiliumChart(
                                    argocd.ciliumChartRepoURL(),
                                    argocd.ciliumChartVersion().orElseThrow()),
                            values.get())));
            resources.add(file);
        }
        return resources;
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
    static String flux(
            Plan plan, Delivery.Flux flux, String dir, CiliumPlanner.ClusterMeshValues values, List<String> resources) {
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
                        FluxPlanner.RETRY_INTERVAL,
                        List.of(),
                        List.of(CILIUM_AGENT, CILIUM_CA),
                        List.of(CA_KEPT),
                        FluxPlanner.HEALTH_TIMEOUT)));
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
                        FluxPlanner.RETRY_INTERVAL,
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
