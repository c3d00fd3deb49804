package io.dkpmesh.core.access;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.Position;
import io.dkpmesh.core.load.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The user's own AuthorizationPolicies (for example the manifests of the app repositories), read
 * from a folder with one sub-folder per cluster ({@code <folder>/<cluster>/**.yaml}, {@code .yml}),
 * multi-document files and {@code kind: List} included, so that the access matrix combines them with
 * the rendered policies as istiod does: every policy of the workload's namespace and of the root
 * namespace applies; a CUSTOM one is decided by an external authorizer, a matching DENY one denies,
 * and once any ALLOW policy applies only requests some ALLOW rule matches pass, so a user's ALLOW
 * policy on the same workload adds callers (istio {@code pilot/pkg/security/authz/builder/builder.go};
 * istio.io "Authorization Policy": "CUSTOM, DENY and then ALLOW"). Its PeerAuthentications set the
 * mTLS mode per namespace or workload beside the rendered ones ({@link PeerAuthentications}). Other
 * kinds are ignored with a warning; a file that is not YAML is an error at its line.
 */
public final class UserPolicies {

    /** No folder: the matrix holds the rendered policies only, and says so. */
    public static final UserPolicies NONE = new UserPolicies(false, Map.of(), Map.of());

    /** How matrix cells name a user policy: apart from the rendered files' names. */
    static final String PREFIX = "user:";

    private final boolean included;
    /** Per cluster, the policies as the evaluator reads them, in file order. */
    private final Map<String, List<FleetObjects.RawObject>> byCluster;
    /** Per cluster, the PeerAuthentications, in file order: the mTLS modes, per namespace where the user sets them. */
    private final Map<String, List<FleetObjects.RawObject>> peerAuthentications;

    private UserPolicies(
            boolean included,
            Map<String, List<FleetObjects.RawObject>> byCluster,
            Map<String, List<FleetObjects.RawObject>> peerAuthentications) {
        this.included = included;
        this.byCluster = byCluster;
        this.peerAuthentications = peerAuthentications;
    }

    /** Whether a folder was read: the matrix then says that it includes the user's policies. */
    public boolean included() {
        return included;
    }

    Set<String> clusters() {
        Set<String> clusters = new java.util.TreeSet<>(byCluster.keySet());
        clusters.addAll(peerAuthentications.keySet());
        return clusters;
    }

    List<FleetObjects.RawObject> of(String cluster) {
        return byCluster.getOrDefault(cluster, List.of());
    }

    List<FleetObjects.RawObject> peerAuthenticationsOf(String cluster) {
        return peerAuthentications.getOrDefault(cluster, List.of());
    }

    /** How many policies were read (AuthorizationPolicies and PeerAuthentications), for the page's header. */
    public int count() {
        return byCluster.values().stream().mapToInt(List::size).sum()
                + peerAuthentications.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Reads the folder. Files and folders that belong to no cluster of {@code clusters} are ignored
     * with a warning; links are not followed.
     *
     * @param shown    how findings name the folder (relative to the working directory where possible)
     * @param findings where problems go; an error when the folder cannot be read at all
     */
    public static UserPolicies read(Path folder, String shown, Set<String> clusters, List<Finding> findings) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(new Finding(
                    FindingCode.USER_POLICIES_FOLDER.code(),
                    Severity.ERROR,
                    shown,
                    0,
                    0,
                    "",
                    Files.exists(folder)
                            ? "the user policies folder is not a folder (or is a link)"
                            : "the user policies folder does not exist"));
            return new UserPolicies(true, Map.of(), Map.of());
        }
        SortedMap<String, List<FleetObjects.RawObject>> byCluster = new TreeMap<>();
        SortedMap<String, List<FleetObjects.RawObject>> modes = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            findings.add(folderFinding(shown, "the user policies folder cannot be read: " + e.getMessage()));
            return new UserPolicies(true, Map.of(), Map.of());
        }
        for (Path entry : entries) {
            String name = String.valueOf(entry.getFileName());
            String display = shown + "/" + name;
            if (!clusters.contains(name) || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(ignored(
                        display,
                        0,
                        0,
                        "",
                        "ignored: the user policies folder holds one sub-folder per cluster of the topology, and "
                                + name + " is not one"));
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(entry)) {
                files = walk.filter(p -> !p.equals(entry)).sorted().toList();
            } catch (IOException e) {
                findings.add(folderFinding(display, "the folder cannot be read: " + e.getMessage()));
                continue;
            }
            List<FleetObjects.RawObject> policies = byCluster.computeIfAbsent(name, c -> new ArrayList<>());
            List<FleetObjects.RawObject> peers = modes.computeIfAbsent(name, c -> new ArrayList<>());
            for (Path file : files) {
                String path = shown + "/" + folder.relativize(file).toString().replace('\\', '/');
                if (Files.isSymbolicLink(file)) {
                    findings.add(ignored(path, 0, 0, "", "ignored: a link (links are not followed)"));
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                        read(file, path, policies, peers, findings);
                    } else {
                        findings.add(ignored(path, 0, 0, "", "ignored: not a .yaml or .yml file"));
                    }
                }
            }
        }
        return new UserPolicies(true, frozen(byCluster), frozen(modes));
    }

    private static Map<String, List<FleetObjects.RawObject>> frozen(Map<String, List<FleetObjects.RawObject>> read) {
        Map<String, List<FleetObjects.RawObject>> frozen = new TreeMap<>();
        read.forEach((cluster, list) -> {
            if (!list.isEmpty()) {
                frozen.put(cluster, List.copyOf(list));
            }
        });
        return java.util.Collections.unmodifiableMap(frozen);
    }

    private static void read(
            Path file,
            String path,
            List<FleetObjects.RawObject> into,
            List<FleetObjects.RawObject> peers,
            List<Finding> findings) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            findings.add(new Finding(
                    FindingCode.USER_POLICY_UNREADABLE.code(),
                    Severity.ERROR,
                    path,
                    0,
                    0,
                    "",
                    "the file cannot be read: " + e.getMessage()));
            return;
        }
        List<LoadedDocument> documents = YamlLoader.loadAll(path, bytes);
        for (int d = 0; d < documents.size(); d++) {
            LoadedDocument document = documents.get(d);
            for (Finding finding : document.findings()) {
                // the loader's own codes say what is wrong with the text; DKPM513 says whose file it is
                findings.add(finding.under(FindingCode.USER_POLICY_UNREADABLE));
            }
            if (document.root().isEmpty() || document.findings().stream().anyMatch(Finding::isError)) {
                continue;
            }
            JsonNode root = document.root().get();
            String where = documents.size() > 1 ? "document " + (d + 1) + " of the file" : "the document";
            if ("List".equals(text(root, "kind")) && root.path("items").isArray()) {
                int i = 0;
                for (JsonNode item : root.path("items")) {
                    add(item, document, "/items/" + i, where + ", item " + i, path, into, peers, findings);
                    i++;
                }
            } else {
                add(root, document, "", where, path, into, peers, findings);
            }
        }
    }

    private static void add(
            JsonNode object,
            LoadedDocument document,
            String pointer,
            String where,
            String path,
            List<FleetObjects.RawObject> into,
            List<FleetObjects.RawObject> peers,
            List<Finding> findings) {
        String kind = text(object, "kind");
        String apiVersion = text(object, "apiVersion");
        Position at = document.positions().valueAt(pointer);
        boolean peerAuthentication = "PeerAuthentication".equals(kind);
        if (!("AuthorizationPolicy".equals(kind) || peerAuthentication)
                || !apiVersion.startsWith("security.istio.io/")) {
            findings.add(ignored(
                    path,
                    at.line(),
                    at.column(),
                    pointer,
                    "ignored: " + where + " is " + (kind.isEmpty() ? "of no kind" : apiVersion + " " + kind)
                            + ", not a security.istio.io AuthorizationPolicy or PeerAuthentication"));
            return;
        }
        if (!(FleetObjects.plain(object) instanceof Map<?, ?> map)) {
            return;
        }
        Map<?, ?> metadata = map.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> spec = map.get("spec") instanceof Map<?, ?> s ? s : Map.of();
        // as kubectl applies a manifest without a namespace: into the default namespace
        String namespace = metadata.get("namespace") == null ? "default" : String.valueOf(metadata.get("namespace"));
        String name = String.valueOf(metadata.get("name"));
        (peerAuthentication ? peers : into)
                .add(new FleetObjects.RawObject(PREFIX + namespace + "/" + name, namespace, metadata, spec));
    }

    private static String text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field))
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .orElse("");
    }

    private static Finding ignored(String file, int line, int column, String pointer, String message) {
        return new Finding(
                FindingCode.USER_POLICY_IGNORED.code(), Severity.WARNING, file, line, column, pointer, message);
    }

    private static Finding folderFinding(String file, String message) {
        return new Finding(FindingCode.USER_POLICIES_FOLDER.code(), Severity.ERROR, file, 0, 0, "", message);
    }
}
