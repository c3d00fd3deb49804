package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.validate.MeshFacts;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Optional;

/**
 * Cilium ClusterMesh: its planner, and the chart a GitOps tool installs on each member with the
 * ClusterMesh values ({@link CiliumDelivery}).
 */
public final class CiliumProvider implements MeshProvider, MeshFacts, MeshReader.Source {

    private final List<Planner> planners = List.of(new CiliumPlanner());

    /** The Cilium operator registers the Cilium CRDs when Cilium starts. */
    private static final List<CustomResource> CUSTOM_RESOURCES = List.of(new CustomResource(
            "ciliumnetworkpolicy.yaml.ftl", "CiliumNetworkPolicy", "ciliumnetworkpolicies.cilium.io", "Cilium"));

    @Override
    public Provider provider() {
        return Provider.CILIUM;
    }

    /** Dotted: {@code -.-} between federation peers, {@code <-.->} in a multicluster. */
    @Override
    public MeshStyle graphStyle() {
        return new MeshStyle(Provider.CILIUM, "-.-", "<-.->");
    }

    @Override
    public List<CustomResource> customResources() {
        return CUSTOM_RESOURCES;
    }

    @Override
    public MeshChanges changes() {
        return new CiliumChanges();
    }

    @Override
    public List<Planner> planners() {
        return planners;
    }

    /** The access matrix reads its ClusterMesh values and CiliumNetworkPolicies ({@code access.AccessEvaluator}). */
    @Override
    public boolean modelsAccess() {
        return true;
    }

    /** It answers the validator's questions itself. */
    @Override
    public MeshFacts meshFacts() {
        return this;
    }

    /** An upstream Cilium chart, on every edition: no alliance ({@link CiliumRules} checks the install). */
    @Override
    public boolean needsAlliance(MeshType type) {
        return false;
    }

    /** A ClusterMesh takes hubs: spokes then connect to the hubs only. */
    @Override
    public Optional<Refusal> refusesHubs(Mesh mesh) {
        return Optional.empty();
    }

    /**
     * A ClusterMesh joins at most its maxConnectedClusters: each member needs a unique cluster id up
     * to it, and a hub connects to every member.
     */
    @Override
    public Optional<Refusal> tooManyMembers(Mesh mesh) {
        int n = mesh.clusters().size();
        if (!mesh.isClusterMesh() || n <= mesh.maxConnectedClusters()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                FindingCode.CILIUM_MESH_SIZE,
                mesh.pointer(),
                "cilium mesh " + Text.quote(mesh.name()) + " has " + n + " members, more than its"
                        + " maxConnectedClusters " + mesh.maxConnectedClusters() + " allows (each member needs a"
                        + " unique cluster id up to it, and a hub connects to every member); "
                        + (mesh.maxConnectedClusters() < 511 && n <= 511
                                ? "set cilium: {maxConnectedClusters: 511} on the mesh (at install time only)"
                                : "split the clusters into several meshes")));
    }

    /** Sources in finding-help.properties (DKPM214). */
    @Override
    public String growsPerPeer(Mesh mesh) {
        return " Per peer, each member keeps a connection to that peer's clustermesh-apiserver and its"
                + " etcd watches; a ClusterMesh caps at " + mesh.maxConnectedClusters() + " clusters.";
    }

    /**
     * Its rules run where they always ran: the traffic rules' first and the members' after the
     * residency rules, each behind Istio's (the registry's order), the chart's after the GitOps rules.
     */
    @Override
    public List<Rule.At> validationRules() {
        return List.of(
                new Rule.At(Rule.Point.FIRST, new CiliumTrafficRules()),
                new Rule.At(Rule.Point.AFTER_RESIDENCY, new CiliumRules()),
                new Rule.At(Rule.Point.AFTER_GITOPS, new CiliumChartRules()));
    }

    @Override
    public List<String> argoCd(Plan plan, Delivery.ArgoCd argocd, String folder, Cluster cluster) {
        return CiliumDelivery.argoCd(plan, argocd, folder, cluster);
    }

    @Override
    public List<String> flux(Plan plan, Delivery.Flux flux, String dir, Cluster cluster, List<String> resources) {
        return CiliumPlanner.clusterMeshValues(plan, cluster)
                .map(values -> List.of(CiliumDelivery.flux(plan, flux, dir, values, resources)))
                .orElse(List.of());
    }

    @Override
    public Optional<HelmValues> helmValues() {
        return Optional.of(
                new HelmValues(CiliumValues.API_VERSION, CiliumValues.KIND, "Cilium values", CiliumValues::isValues));
    }

    /**
     * Its access rules become CiliumNetworkPolicy (CiliumPlanner), which select callers by labels,
     * never by source IP; the validator's MeshRules check their references, and the access oracle
     * (DKPM540) refuses a tree whose policies admit other callers than the rules say.
     */
    @Override
    public Optional<String> sourceIPIgnored(Mesh mesh) {
        return Optional.of(" is " + provider().label());
    }

    /** A ClusterMesh shares the namespaces it lists only: their services become global (CiliumPlanner). */
    @Override
    public boolean sharesEveryNamespace(Mesh mesh) {
        return false;
    }

    /** How the import reads its objects back (CiliumImport). */
    @Override
    public MeshReader meshReader() {
        return new CiliumImport();
    }
}
