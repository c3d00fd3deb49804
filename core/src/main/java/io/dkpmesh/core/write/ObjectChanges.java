package io.dkpmesh.core.write;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.Cause;
import io.dkpmesh.core.api.ChangePlan.FieldChange;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.layout.ClusterScope;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Names the object a tree file holds, for the {@code diff} plan. */
public final class ObjectChanges {

    private ObjectChanges() {}

    /**
     * The changes a write of {@code changes} makes to the tree in {@code outputDirectory}, per
     * owning cluster (fleet-wide files under {@link ClusterScope#FLEET}) and object, with the
     * fields that change and whether a hand edit or the topology caused it; objects that only
     * moved between files are merged.
     */
    public static List<ChangePlan.ClusterChanges> byCluster(
            Path outputDirectory, TreeWriter.Changes changes, ClusterScope scope) {
        Map<String, List<ObjectChange>> byCluster = new TreeMap<>();
        Map<String, byte[]> removedContent = new HashMap<>();
        Map<String, String> recorded = changes.previous().map(Manifest::files).orElse(new TreeMap<>());
        for (Map.Entry<String, byte[]> write : changes.writes().entrySet()) {
            String path = write.getKey();
            boolean missing = changes.missing().contains(path);
            byte[] onDisk = missing ? null : read(outputDirectory.resolve(path));
            ObjectChange change = of(missing ? Action.ADDED : Action.CHANGED, path, write.getValue())
                    .with(
                            cause(
                                    Optional.ofNullable(recorded.get(path)),
                                    Optional.ofNullable(onDisk).map(Manifest::sha256),
                                    Manifest.sha256(write.getValue())),
                            fields(path, onDisk, write.getValue()));
            byCluster.computeIfAbsent(scope.owner(path), c -> new ArrayList<>()).add(change);
        }
        for (String path : changes.stale()) {
            byte[] content = read(outputDirectory.resolve(path));
            removedContent.put(path, content);
            byCluster.computeIfAbsent(scope.owner(path), c -> new ArrayList<>()).add(of(Action.REMOVED, path, content));
        }
        List<ChangePlan.ClusterChanges> clusters = new ArrayList<>();
        byCluster.forEach((cluster, list) -> {
            List<ObjectChange> merged = mergeMoves(list, changes.writes(), removedContent);
            if (!merged.isEmpty()) {
                clusters.add(new ChangePlan.ClusterChanges(cluster, merged));
            }
        });
        return clusters;
    }

    public static ObjectChange of(Action action, String path, byte[] content) {
        // objects without a name (kustomizations) are known by their place in the cluster tree
        String place = Layout.withinCluster(path);
        if (!path.endsWith(".yaml")) {
            return new ObjectChange(action, "file", place, "", path);
        }
        LoadedDocument document = YamlLoader.load(path, content);
        JsonNode root = document.root().orElse(null);
        if (root == null || !root.path("kind").isString()) {
            return new ObjectChange(action, "file", place, "", path);
        }
        return new ObjectChange(
                action,
                root.path("kind").asString(),
                root.path("metadata").path("name").asString(place),
                root.path("metadata").path("namespace").asString(""),
                path);
    }

    /**
     * An object that left one file and arrived in another (a layout change) is one object: it is
     * "changed" when its content differs and no change at all when only its file moved.
     */
    public static List<ObjectChange> mergeMoves(
            List<ObjectChange> changes, Map<String, byte[]> written, Map<String, byte[]> removed) {
        Map<String, ObjectChange> added = new HashMap<>();
        changes.stream()
                .filter(c -> c.action() == Action.ADDED && !c.kind().equals("file"))
                .forEach(c -> added.put(key(c), c));
        List<ObjectChange> out = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (ObjectChange change : changes) {
            ObjectChange arrival = change.action() == Action.REMOVED ? added.get(key(change)) : null;
            if (arrival == null) {
                continue;
            }
            moved.add(key(change));
            if (!Arrays.equals(
                    withoutComments(removed.get(change.path())), withoutComments(written.get(arrival.path())))) {
                out.add(new ObjectChange(
                                Action.CHANGED, arrival.kind(), arrival.name(), arrival.namespace(), arrival.path())
                        .with(
                                Cause.TOPOLOGY,
                                fields(arrival.path(), removed.get(change.path()), written.get(arrival.path()))));
            }
        }
        changes.stream()
                .filter(c -> !moved.contains(key(c)) || c.kind().equals("file"))
                .forEach(out::add);
        out.sort(Comparator.comparing(ObjectChange::kind)
                .thenComparing(ObjectChange::namespace)
                .thenComparing(ObjectChange::name)
                .thenComparing(ObjectChange::path));
        return out;
    }

    private static String key(ObjectChange change) {
        return change.kind() + "/" + change.namespace() + "/" + change.name();
    }

    /** The header names the source file; moving an object does not change what it is. */
    private static byte[] withoutComments(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .collect(Collectors.joining("\n"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The fields whose values differ between two versions of one object, in document order:
     * scalars by their path, a field only on one side with the other side empty. Not YAML, or not
     * parseable: no fields (the plan still names the file).
     */
    public static List<FieldChange> fields(String path, byte[] before, byte[] after) {
        if (!path.endsWith(".yaml") || before == null || after == null) {
            return List.of();
        }
        Optional<JsonNode> old = YamlLoader.load(path, before).root();
        Optional<JsonNode> now = YamlLoader.load(path, after).root();
        if (old.isEmpty() || now.isEmpty()) {
            return List.of();
        }
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        flatten(old.get(), "", a);
        flatten(now.get(), "", b);
        Set<String> paths = new LinkedHashSet<>(b.keySet());
        paths.addAll(a.keySet());
        List<FieldChange> out = new ArrayList<>();
        for (String field : paths) {
            String x = a.get(field);
            String y = b.get(field);
            if (!java.util.Objects.equals(x, y)) {
                out.add(new FieldChange(field, Optional.ofNullable(x), Optional.ofNullable(y)));
            }
        }
        return out;
    }

    /** {@code spec.ports[0].port = 15443}; an empty list or mapping is a value of its own. */
    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties()
                    .forEach(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.put(path.isEmpty() ? "(document)" : path, node.isString() ? node.asString() : node.toString());
        }
    }

    /**
     * Why a file changes, from the sha256 the manifest recorded when render last wrote it: bytes on
     * disk that differ from that record were edited by hand; a render that differs from it means the
     * topology (or a template, or the generator) changed.
     *
     * @param recorded what the manifest says render wrote, absent when it does not list the file
     * @param onDisk   the file's sha256 now, absent when it is missing
     * @param rendered the sha256 of what render would write
     */
    public static Cause cause(Optional<String> recorded, Optional<String> onDisk, String rendered) {
        if (recorded.isEmpty()) {
            return Cause.TOPOLOGY;
        }
        boolean handEdited = !recorded.equals(onDisk);
        boolean topologyChanged = !recorded.get().equals(rendered);
        return handEdited ? (topologyChanged ? Cause.BOTH : Cause.HAND_EDIT) : Cause.TOPOLOGY;
    }

    /** A removed file's last bytes; a link or unreadable file counts as empty. */
    public static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
