package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One file to render: which template, with what data, to which path of the tree.
 *
 * @param path     path inside the output directory, with {@code /}, as {@link Layout} spells it
 * @param template template name, such as {@code istiofederation.yaml.ftl}
 * @param model    the template's data: a public record of the template (such as {@link Kustomization}),
 *                 whose components the template reads by name; it holds only such records, lists,
 *                 strings, numbers, booleans, and maps only where the keys are data rather than names
 *                 the template reads (module settings, kustomization annotations)
 * @param phase    the phase folder whose kustomization lists it; empty for files no phase lists
 */
public record Document(String path, String template, Record model, Optional<Phase> phase) {

    /**
     * Per record class of template data, the first record class in it a template cannot read; computed
     * once per class, from the component types alone.
     */
    private static final ClassValue<Optional<Class<?>>> UNREADABLE = new ClassValue<>() {
        @Override
        protected Optional<Class<?>> computeValue(Class<?> type) {
            return unreadable(type, new HashSet<>());
        }
    };

    /**
     * FreeMarker reads the components of public classes only: of any other record it sees no
     * component, so {@code ${x.name}} fails and, worse, {@code <#if x.ca??>} silently drops what the
     * record holds. Refused here, where the planner that built it is on the stack.
     */
    public Document {
        Optional<Class<?>> unreadable = UNREADABLE.get(model.getClass());
        if (unreadable.isPresent()) {
            throw new IllegalArgumentException("the data of " + template + " holds "
                    + unreadable.get().getName() + ", which is not public: templates cannot read its components");
        }
    }

    private static Optional<Class<?>> unreadable(Class<?> type, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return Optional.empty();
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.of(type);
        }
        for (RecordComponent component : type.getRecordComponents()) {
            Optional<Class<?>> inside = unreadable(component.getType(), seen);
            if (inside.isEmpty() && component.getGenericType() instanceof ParameterizedType generic) {
                // the elements of a List, the values of a Map
                for (Type argument : generic.getActualTypeArguments()) {
                    if (argument instanceof Class<?> element) {
                        inside = inside.or(() -> unreadable(element, seen));
                    }
                }
            }
            if (inside.isPresent()) {
                return inside;
            }
        }
        return Optional.empty();
    }

    /** The cluster whose tree holds it; empty for fleet-wide files. */
    public Optional<String> cluster() {
        return Layout.owner(path);
    }

    /** An object of a cluster, in the folder of its phase: the phase's kustomization lists it. */
    public static Document clusterResource(String cluster, String file, String template, Record model, Phase phase) {
        return new Document(Layout.phaseFolder(cluster, phase) + file, template, model, Optional.of(phase));
    }

    /** A file at {@code path} that no phase kustomization lists (kustomizations, components, values, delivery). */
    public static Document file(String path, String template, Record model) {
        return new Document(path, template, model, Optional.empty());
    }
}
