package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Optional;

/**
 * Cilium ClusterMesh: its planner, and the chart a GitOps tool installs on each member with the
 * ClusterMesh values ({@link CiliumDelivery}).
 */
public final class CiliumProvider implements MeshProvider {

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

    /** Its rules run after the residency rules and Istio's (the registry's order), where they always ran. */
    @Override
    public List<Rule.At> validationRules() {
        return List.of(new Rule.At(Rule.Point.AFTER_RESIDENCY, new CiliumRules()));
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
}
