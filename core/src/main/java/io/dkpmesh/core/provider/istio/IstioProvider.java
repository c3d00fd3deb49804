package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Planner;
import java.util.List;

/** Istio federation and multicluster through DKP's istio module: its planners; nothing of its own in the delivery. */
public final class IstioProvider implements MeshProvider {

    private final List<Planner> planners = List.of(new IstioPlanner(), new IstioServicePlanner());

    @Override
    public Provider provider() {
        return Provider.ISTIO;
    }

    @Override
    public List<Planner> planners() {
        return planners;
    }
}
