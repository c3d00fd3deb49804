package io.dkpmesh.core.render;

import java.util.List;
import java.util.Optional;

/**
 * A custom kind dkp-mesh renders, by template: which CustomResourceDefinition serves it and who
 * installs that. A provider names the kinds its templates render ({@link MeshProvider#customResources()}).
 * GitOps delivery needs it: a kind whose CRD appears only once a module runs cannot be dry-run
 * before that (Argo CD), and is a real gate to wait for (Flux health checks).
 *
 * @param template  the template that renders it
 * @param crd       the name of the CustomResourceDefinition that serves the kind
 * @param installer who registers that CRD in the cluster ({@link #DECKHOUSE}, or the module or
 *                  component that registers it when it starts)
 */
public record CustomResource(String template, String kind, String crd, String installer) {

    /** deckhouse-controller installs its CRDs with Deckhouse itself: present before any module runs. */
    public static final String DECKHOUSE = "deckhouse";

    /** The custom kind a template renders, if one of {@code kinds} is rendered by it (the first). */
    public static Optional<CustomResource> ofTemplate(List<CustomResource> kinds, String template) {
        return kinds.stream().filter(r -> r.template.equals(template)).findFirst();
    }

    /** Whether the kind exists only once a module or component has started, not before the first sync. */
    public boolean installedLater() {
        return !installer.equals(DECKHOUSE);
    }
}
