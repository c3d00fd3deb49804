package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the objects that deliver the cluster trees (PRODUCT.md §4): one planner per GitOps tool.
 * Runs after the trees' kustomizations are planned, since it points only at folders that exist.
 */
interface DeliveryPlanner extends Planner {

    /** The planner of the topology's tool. */
    static DeliveryPlanner of(Delivery delivery) {
        return delivery.match(new Delivery.Cases<DeliveryPlanner>() {
            @Override
            public DeliveryPlanner none(Delivery.None none) {
                return plan -> {};
            }

            @Override
            public DeliveryPlanner argoCd(Delivery.ArgoCd argoCd) {
                return new ArgoCdPlanner(argoCd);
            }

            @Override
            public DeliveryPlanner flux(Delivery.Flux flux) {
                return new FluxPlanner(flux);
            }
        });
    }

    /** Annotations a phase folder's kustomization stamps on its objects for this tool; none unless it needs them. */
    default Map<String, String> phaseAnnotations(Phase phase, Set<CustomResource> kinds) {
        return Map.of();
    }

    /** The clusters in name order: the order of the tool's objects and list elements. */
    static List<Cluster> sorted(Topology topology) {
        return topology.clusters().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }
}
