package io.dkpmesh.core.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of {@code kustomization.yaml.ftl}: a cluster root, a phase folder, or a folder of GitOps
 * objects.
 *
 * @param resources   what it lists, in apply order
 * @param annotations what it stamps on every object of the folder; {@code null} for none
 */
public record Kustomization(List<String> resources, Map<String, String> annotations) {

    public static final String TEMPLATE = "kustomization.yaml.ftl";

    public Kustomization {
        resources = List.copyOf(resources);
        // in the order given: the sync wave before the sync options
        annotations = annotations == null || annotations.isEmpty()
                ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public static Kustomization of(List<String> resources) {
        return new Kustomization(resources, null);
    }
}
