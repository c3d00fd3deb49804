package io.dkpmesh.core.render;

import java.util.Arrays;
import java.util.Optional;

/**
 * The custom kinds dkp-mesh renders, by template: which CustomResourceDefinition serves each and
 * who installs it. GitOps delivery needs it: a kind whose CRD appears only once a module runs
 * cannot be dry-run before that (Argo CD), and is a real gate to wait for (Flux health checks).
 */
public enum CustomResource {
    /** deckhouse-controller installs it with Deckhouse itself: present before any module runs. */
    MODULE_CONFIG("moduleconfig-istio.yaml.ftl", "ModuleConfig", "moduleconfigs.deckhouse.io", Installer.DECKHOUSE),
    /** The istio module (EE part) installs its CRDs when it starts (deckhouse modules/110-istio/hooks, ensure_crds). */
    ISTIO_FEDERATION(
            "istiofederation.yaml.ftl", "IstioFederation", "istiofederations.deckhouse.io", Installer.ISTIO_MODULE),
    ISTIO_MULTICLUSTER(
            "istiomulticluster.yaml.ftl",
            "IstioMulticluster",
            "istiomulticlusters.deckhouse.io",
            Installer.ISTIO_MODULE),
    DESTINATION_RULE(
            "destinationrule.yaml.ftl",
            "DestinationRule",
            "destinationrules.networking.istio.io",
            Installer.ISTIO_MODULE),
    VIRTUAL_SERVICE(
            "virtualservice.yaml.ftl", "VirtualService", "virtualservices.networking.istio.io", Installer.ISTIO_MODULE),
    AUTHORIZATION_POLICY(
            "authorizationpolicy.yaml.ftl",
            "AuthorizationPolicy",
            "authorizationpolicies.security.istio.io",
            Installer.ISTIO_MODULE),
    /** The Cilium operator registers the Cilium CRDs when Cilium starts. */
    CILIUM_NETWORK_POLICY(
            "ciliumnetworkpolicy.yaml.ftl", "CiliumNetworkPolicy", "ciliumnetworkpolicies.cilium.io", Installer.CILIUM),
    /** The boundary on DKP's federation gateway: an AuthorizationPolicy too. */
    FEDERATION_BOUNDARY(
            "authorizationpolicy-federation-boundary.yaml.ftl",
            "AuthorizationPolicy",
            "authorizationpolicies.security.istio.io",
            Installer.ISTIO_MODULE),
    PEER_AUTHENTICATION(
            "peerauthentication.yaml.ftl",
            "PeerAuthentication",
            "peerauthentications.security.istio.io",
            Installer.ISTIO_MODULE);

    /** Who registers a CustomResourceDefinition in the cluster. */
    public enum Installer {
        DECKHOUSE,
        ISTIO_MODULE,
        CILIUM
    }

    private final String template;
    private final String kind;
    private final String crd;
    private final Installer installer;

    CustomResource(String template, String kind, String crd, Installer installer) {
        this.template = template;
        this.kind = kind;
        this.crd = crd;
        this.installer = installer;
    }

    /** The custom kind a template renders, if it renders one. */
    public static Optional<CustomResource> ofTemplate(String template) {
        return Arrays.stream(values()).filter(r -> r.template.equals(template)).findFirst();
    }

    public String kind() {
        return kind;
    }

    /** The name of the CustomResourceDefinition that serves the kind. */
    public String crd() {
        return crd;
    }

    public Installer installer() {
        return installer;
    }

    /** Whether the kind exists only once a module or Cilium has started, not before the first sync. */
    public boolean installedLater() {
        return installer != Installer.DECKHOUSE;
    }
}
