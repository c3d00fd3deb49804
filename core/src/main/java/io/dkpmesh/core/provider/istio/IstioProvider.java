package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.validate.MeshFacts;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Optional;

/** Istio federation and multicluster through DKP's istio module: its planners; nothing of its own in the delivery. */
public final class IstioProvider implements MeshProvider, MeshFacts, MeshReader.Source {

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

    /** It answers the validator's questions itself. */
    @Override
    public MeshFacts meshFacts() {
        return this;
    }

    /** Federation and multicluster are DKP's alliance (EE and CSE Pro); a single-cluster mesh runs on every edition. */
    @Override
    public boolean needsAlliance(MeshType type) {
        return type != MeshType.SINGLE;
    }

    /**
     * A multicluster is Istio multi-primary: every member's istiod reads every other member's
     * endpoints, so it has no hub-and-spoke shape; a federation takes hubs.
     */
    @Override
    public Optional<Refusal> refusesHubs(Mesh mesh) {
        if (mesh.type() != MeshType.MULTICLUSTER) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                FindingCode.ISTIO_MULTICLUSTER_HUBS,
                mesh.pointer() + "/hubs",
                "istio multicluster " + Text.quote(mesh.name()) + " cannot have hubs: it is Istio multi-primary,"
                        + " where every member's istiod reads every other member's endpoints (a remote secret"
                        + " per pair) and a shared namespace is one Service across all members, so spokes"
                        + " without each other's endpoints would each see a different Service; remove hubs,"
                        + " or make the mesh a federation, which takes them"));
    }

    /** Istio documents no ceiling of members: a full mesh is bounded by the validator's own limit only. */
    @Override
    public Optional<Refusal> tooManyMembers(Mesh mesh) {
        return Optional.empty();
    }

    /** Sources in finding-help.properties (DKPM214). */
    @Override
    public String growsPerPeer(Mesh mesh) {
        return mesh.type() == MeshType.FEDERATION
                ? " Per peer, DKP's federation hook fetches its metadata every minute, and each member gets a"
                        + " ServiceEntry and DestinationRule per exported Service of every peer, pushed into"
                        + " every sidecar's Envoy configuration."
                : " Per peer, each member's istiod holds a remote secret and watches that peer's API server.";
    }

    /**
     * Its rules at the points where the validator always ran them: the alliances' and the traffic
     * rules' first, the access rules' after the validator's, the platform callers' sidecars and the peering of shared
     * trust domains after the platform callers, the residency of its meshes and the flat networks
     * after the residency rules (and before Cilium's, by the registry's order), the module's
     * settings and releases after the cluster versions.
     */
    @Override
    public List<Rule.At> validationRules() {
        return List.of(
                new Rule.At(Rule.Point.FIRST, new IstioAllianceRules()),
                new Rule.At(Rule.Point.FIRST, new IstioTrafficRules()),
                new Rule.At(Rule.Point.AFTER_ACCESS, new IstioAccessRules()),
                new Rule.At(Rule.Point.AFTER_PLATFORM_CALLERS, new IstioPlatformCallers()),
                new Rule.At(Rule.Point.AFTER_PLATFORM_CALLERS, new IstioPeeringRules()),
                new Rule.At(Rule.Point.AFTER_RESIDENCY, new IstioResidencyRules()),
                new Rule.At(Rule.Point.AFTER_RESIDENCY, new FlatNetworkRules()),
                new Rule.At(Rule.Point.AFTER_CLUSTER_VERSIONS, new IstioModuleRules()));
    }

    /**
     * An AuthorizationPolicy matches source IPs only in a multicluster on a flat network
     * (IstioServicePlanner); elsewhere a caller arrives through a gateway.
     */
    @Override
    public Optional<String> sourceIPIgnored(Mesh mesh) {
        return mesh.type() == MeshType.MULTICLUSTER && mesh.flatNetwork()
                ? Optional.empty()
                : Optional.of(" has no flat network");
    }

    /**
     * DKP's istio multicluster shares every namespace: each member's istiod reads the pods, services
     * and endpoints of all namespaces of the others (deckhouse
     * ee/modules/110-istio/templates/multicluster/api-proxy/rbac-for-us.yaml); IstioResidencyRules
     * judges it.
     */
    @Override
    public boolean sharesEveryNamespace(Mesh mesh) {
        return mesh.type() == MeshType.MULTICLUSTER;
    }

    /** How the import reads its objects back (IstioImport). */
    @Override
    public MeshReader meshReader() {
        return new IstioImport();
    }
}
