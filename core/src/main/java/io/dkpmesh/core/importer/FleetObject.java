package io.dkpmesh.core.importer;

import io.dkpmesh.core.load.Position;
import io.dkpmesh.core.load.SourceMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object read from a cluster's folder, as plain maps, lists and scalars.
 *
 * @param cluster  the folder it was read from, which names the cluster
 * @param file     its file relative to the import folder, with {@code /}
 * @param prefix   where it stands in its document: {@code ""}, or {@code /items/3} inside a {@code kind: List}
 * @param body     the object
 * @param rendered whether its file says it was rendered by dkp-mesh (the header every rendered file starts with)
 */
record FleetObject(
        String cluster, String file, SourceMap positions, String prefix, Map<String, Object> body, boolean rendered) {

    String kind() {
        return Tree.string(body, "kind").orElse("");
    }

    String apiVersion() {
        return Tree.string(body, "apiVersion").orElse("");
    }

    String group() {
        String api = apiVersion();
        int slash = api.indexOf('/');
        return slash < 0 ? "" : api.substring(0, slash);
    }

    String name() {
        return Tree.string(body, "metadata", "name").orElse("");
    }

    Optional<String> namespace() {
        return Tree.string(body, "metadata", "namespace");
    }

    Map<String, Object> spec() {
        return Tree.map(body, "spec");
    }

    Map<String, Object> labels() {
        return Tree.map(body, "metadata", "labels");
    }

    Map<String, Object> annotations() {
        return Tree.map(body, "metadata", "annotations");
    }

    /** {@code Kind namespace/name}, or {@code Kind name} for a cluster-wide object. */
    String label() {
        String kind = kind().isEmpty() ? "(values)" : kind();
        String name = name().isEmpty() ? "(no name)" : name();
        return kind + " " + namespace().map(ns -> ns + "/").orElse("") + name;
    }

    Position at(String pointer) {
        return positions.valueAt(prefix + pointer);
    }

    /** {@code file:line}, for the report. */
    String place() {
        Position p = at("");
        return file + ":" + p.line();
    }

    /** The folder of its file, relative to the cluster folder, for resolving Kustomize paths. */
    String folder() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    static final List<String> NO_LIST = List.of();
}
