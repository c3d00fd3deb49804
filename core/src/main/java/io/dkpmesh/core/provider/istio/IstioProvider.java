package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.validate.Rule;
import java.util.List;

/** Istio federation and multicluster through DKP's istio module: its planners; nothing of its own in the delivery. */
public final class IstioProvider implements MeshProvider {

    private final List<Planner> planners = List.of(new IstioPlanner(), new IstioServicePlanner());

    /** The istio module (EE part) installs its CRDs when it starts (deckhouse modules/110-istio/hooks, ensure_crds). */
    private static final String ISTIO_MODULE = "the istio module";

    /**
     * Its custom kinds. deckhouse-controller installs ModuleConfig with Deckhouse itself, so it is
     * there before any module runs; the istio module installs the others.
     */
    private static final List<CustomResource> CUSTOM_RESOURCES = List.of(
            new CustomResource(
                    "moduleconfig-istio.yaml.ftl",
                    "ModuleConfig",
                    "moduleconfigs.deckhouse.io",
                    CustomResource.DECKHOUSE),
            new CustomResource(
                    "istiofederation.yaml.ftl", "IstioFederation", "istiofederations.deckhouse.io", ISTIO_MODULE),
            new CustomResource(
                    "istiomulticluster.yaml.ftl", "IstioMulticluster", "istiomulticlusters.deckhouse.io", ISTIO_MODULE),
            new CustomResource(
                    "destinationrule.yaml.ftl",
                    "DestinationRule",
                    "destinationrules.networking.istio.io",
                    ISTIO_MODULE),
            new CustomResource(
                    "virtualservice.yaml.ftl", "VirtualService", "virtualservices.networking.istio.io", ISTIO_MODULE),
            new CustomResource(
                    "authorizationpolicy.yaml.ftl",
                    "AuthorizationPolicy",
                    "authorizationpolicies.security.istio.io",
                    ISTIO_MODULE),
            // the boundary on DKP's federation gateway: an AuthorizationPolicy too
            new CustomResource(
                    "authorizationpolicy-federation-boundary.yaml.ftl",
                    "AuthorizationPolicy",
                    "authorizationpolicies.security.istio.io",
                    ISTIO_MODULE),
            new CustomResource(
                    "peerauthentication.yaml.ftl",
                    "PeerAuthentication",
                    "peerauthentications.security.istio.io",
                    ISTIO_MODULE));

    @Override
    public Provider provider() {
        return Provider.ISTIO;
    }

    /** Solid arrows: {@code <-->} between federation peers, thick {@code <==>} in a multicluster. */
    @Override
    public MeshStyle graphStyle() {
        return new MeshStyle(Provider.ISTIO, "<-->", "<==>");
    }

    @Override
    public List<CustomResource> customResources() {
        return CUSTOM_RESOURCES;
    }

    @Override
    public MeshChanges changes() {
        return new IstioChanges();
    }

    @Override
    public List<Planner> planners() {
        return planners;
    }

    /** The access matrix reads its IstioFederation and IstioMulticluster objects, AuthorizationPolicies and PeerAuthentications ({@code access.AccessEvaluator}). */
    @Override
    public boolean modelsAccess() {
        return true;
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
}
