package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import java.util.Map;
import java.util.Optional;

/**
 * One file to render: which template, with what data, to which path of the tree.
 *
 * @param path     path inside the output directory, with {@code /}, as {@link Layout} spells it
 * @param template template name, such as {@code istiofederation.yaml.ftl}
 * @param model    the template's data: a record of the template (such as {@link Kustomization}), or a map;
 *                 either holds only records, maps, lists, strings, numbers and booleans
 * @param phase    the phase folder whose kustomization lists it; empty for files no phase lists
 */
public record Document(String path, String template, Object model, Optional<Phase> phase) {

    public Document {
        if (model instanceof Map<?, ?> map) {
            model = Map.copyOf(map);
        }
    }

    /** The cluster whose tree holds it; empty for fleet-wide files. */
    public Optional<String> cluster() {
        return Layout.owner(path);
    }

    /** An object of a cluster, in the folder of its phase: the phase's kustomization lists it. */
    public static Document clusterResource(String cluster, String file, String template, Object model, Phase phase) {
        return new Document(Layout.phaseFolder(cluster, phase) + file, template, model, Optional.of(phase));
    }

    /** A file at {@code path} that no phase kustomization lists (kustomizations, components, values, delivery). */
    public static Document file(String path, String template, Object model) {
        return new Document(path, template, model, Optional.empty());
    }
}
