package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Provider;
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
public final class CiliumProvider implements MeshProvider, MeshReader.Source {

    private final List<Planner> planners = List.of(new CiliumPlanner());

    @Override
    public Provider provider() {
        return Provider.CILIUM;
    }

    @Override
    public List<Planner> planners() {
        return planners;
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

    /** How the import reads its objects back (CiliumImport). */
    @Override
    public MeshReader meshReader() {
        return new CiliumImport();
    }
}
