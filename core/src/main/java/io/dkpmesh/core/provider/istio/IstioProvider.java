package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.validate.Rule;
import java.util.List;

/** Istio federation and multicluster through DKP's istio module: its planners; nothing of its own in the delivery. */
public final class IstioProvider implements MeshProvider, MeshReader.Source {

    private final List<Planner> planners = List.of(new IstioPlanner(), new IstioServicePlanner());

    @Override
    public Provider provider() {
        return Provider.ISTIO;
    }

    @Override
    public List<Planner> planners() {
        return planners;
    }

    /**
     * Its rules at the points where the validator always ran them: the alliances' first, the
     * peering of shared trust domains after the platform callers, the flat networks' after the
     * residency rules (and before Cilium's, by the registry's order).
     */
    @Override
    public List<Rule.At> validationRules() {
        return List.of(
                new Rule.At(Rule.Point.FIRST, new IstioAllianceRules()),
                new Rule.At(Rule.Point.AFTER_PLATFORM_CALLERS, new IstioPeeringRules()),
                new Rule.At(Rule.Point.AFTER_RESIDENCY, new FlatNetworkRules()));
    }

    /** How the import reads its objects back (IstioImport). */
    @Override
    public MeshReader meshReader() {
        return new IstioImport();
    }
}
