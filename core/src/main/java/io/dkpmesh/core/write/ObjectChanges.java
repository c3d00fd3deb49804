package io.dkpmesh.core.write;

import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.render.Document;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Names the object a tree file holds, for the {@code diff} plan. */
public final class ObjectChanges {

    private ObjectChanges() {
    }

    public static ObjectChange of(Action action, String path, byte[] content) {
        // objects without a name (kustomizations) are known by their place in the cluster tree
        Matcher cluster = Document.CLUSTER_PATH.matcher(path);
        String place = cluster.lookingAt() ? path.substring(cluster.end()) : path;
        if (!path.endsWith(".yaml")) {
            return new ObjectChange(action, "file", place, "", path);
        }
        LoadedDocument document = YamlLoader.load(path, content);
        JsonNode root = document.root().orElse(null);
        if (root == null || !root.path("kind").isString()) {
            return new ObjectChange(action, "file", place, "", path);
        }
        return new ObjectChange(action, root.path("kind").asString(), root.path("metadata").path("name").asString(place),
                root.path("metadata").path("namespace").asString(""), path);
    }

    /**
     * An object that left one file and arrived in another (a layout change) is one object: it is
     * "changed" when its content differs and no change at all when only its file moved.
     */
    public static List<ObjectChange> mergeMoves(List<ObjectChange> changes, Map<String, byte[]> written, Map<String, byte[]> removed) {
        Map<String, ObjectChange> added = new HashMap<>();
        changes.stream().filter(c -> c.action() == Action.ADDED && !c.kind().equals("file")).forEach(c -> added.put(key(c), c));
        List<ObjectChange> out = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (ObjectChange change : changes) {
            ObjectChange arrival = change.action() == Action.REMOVED ? added.get(key(change)) : null;
            if (arrival == null) {
                continue;
            }
            moved.add(key(change));
            if (!Arrays.equals(withoutComments(removed.get(change.path())), withoutComments(written.get(arrival.path())))) {
                out.add(new ObjectChange(Action.CHANGED, arrival.kind(), arrival.name(), arrival.namespace(), arrival.path()));
            }
        }
        changes.stream().filter(c -> !moved.contains(key(c)) || c.kind().equals("file")).forEach(out::add);
        out.sort(Comparator.comparing(ObjectChange::kind).thenComparing(ObjectChange::namespace).thenComparing(ObjectChange::name)
                .thenComparing(ObjectChange::path));
        return out;
    }

    private static String key(ObjectChange change) {
        return change.kind() + "/" + change.namespace() + "/" + change.name();
    }

    /** The header names the source file; moving an object does not change what it is. */
    private static byte[] withoutComments(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.lines().filter(line -> !line.startsWith("#")).collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
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
