package io.dkpmesh.core.importer;

import io.dkpmesh.core.load.Position;
import io.dkpmesh.core.load.SourceMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One object read from a cluster's folder, as plain maps, lists and scalars.
 *
 * @param cluster  the folder it was read from, which names the cluster
 * @param file     its file relative to the import folder, with {@code /}
 * @param prefix   where it stands in its document: {@code ""}, or {@code /items/3} inside a {@code kind: List}
 * @param body     the object
 * @param rendered whether its file says it was rendered by dkp-mesh (the header every rendered file starts with)
 */
public record FleetObject(
        String cluster, String file, SourceMap positions, String prefix, Map<String, Object> body, boolean rendered) {

    public String kind() {
        return Tree.string(body, "kind").orElse("");
    }

    public String apiVersion() {
        return Tree.string(body, "apiVersion").orElse("");
    }

    public String group() {
        String api = apiVersion();
        int slash = api.indexOf('/');
        return slash < 0 ? "" : api.substring(0, slash);
    }

    public String name() {
        return Tree.string(body, "metadata", "name").orElse("");
    }

    public Optional<String> namespace() {
        return Tree.string(body, "metadata", "namespace");
    }

    public Map<String, Object> spec() {
        return Tree.map(body, "spec");
    }

    public Map<String, Object> labels() {
        return Tree.map(body, "metadata", "labels");
    }

    public Map<String, Object> annotations() {
        return Tree.map(body, "metadata", "annotations");
    }

    /** {@code Kind namespace/name}, or {@code Kind name} for a cluster-wide object. */
    public String label() {
        String kind = kind().isEmpty() ? "(values)" : kind();
        String name = name().isEmpty() ? "(no name)" : name();
        return kind + " " + namespace().map(ns -> ns + "/").orElse("") + name;
    }

    public Position at(String pointer) {
        return positions.valueAt(prefix + pointer);
    }

    /** {@code file:line}, for the report. */
    public String place() {
        Position p = at("");
        return file + ":" + p.line();
    }

    /** The folder of its file, relative to the cluster folder, for resolving Kustomize paths. */
    public String folder() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    static final List<String> NO_LIST = List.of();

    /** The first field of the object no pattern allows (kubectl's metadata and status are ignored). */
    public Optional<String> unknownField(List<Pattern> allowed) {
        for (String leaf : Tree.leaves(body, "")) {
            if (leaf.startsWith("/metadata")
                    || leaf.startsWith("/status")
                    || leaf.equals("/apiVersion")
                    || leaf.equals("/kind")) {
                continue;
            }
            if (allowed.stream().noneMatch(p -> p.matcher(leaf).matches())) {
                return Optional.of(leaf.replace("/*", "/0"));
            }
        }
        return Optional.empty();
    }

    /** The fields a reader allows, for {@link #unknownField}: JSON pointers, {@code *} for any list item. */
    public static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
