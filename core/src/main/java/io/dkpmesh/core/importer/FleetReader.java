package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code <from>/<cluster>/**.yaml}: multi-document files, {@code kubectl get -o yaml} output
 * ({@code kind: List}, its items unwrapped) and GitOps manifests, with the project's YAML loader and
 * its limits. Links are not followed: an import folder is read, never what it points at.
 */
final class FleetReader {

    /** The first line of every file dkp-mesh renders ({@code templates/} headers, DocumentTest). */
    static final String RENDERED_HEADER = "# Rendered by dkp-mesh";

    private static final Pattern CLUSTER_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    record Fleet(List<String> clusters, List<FleetObject> objects) {}

    private FleetReader() {}

    static Fleet read(Path from, List<Finding> findings) {
        List<String> clusters = new ArrayList<>();
        List<FleetObject> objects = new ArrayList<>();
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(new Finding(
                    FindingCode.IMPORT_FOLDER.code(),
                    Severity.ERROR,
                    from.toString(),
                    0,
                    0,
                    "",
                    "is not a folder; give the folder that holds one sub-folder per cluster (<cluster>/**.yaml)"));
            return new Fleet(clusters, objects);
        }
        try (Stream<Path> entries = Files.list(from)) {
            for (Path dir : entries.sorted().toList()) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String cluster = dir.getFileName().toString();
                if (cluster.startsWith(".")) {
                    continue;
                }
                if (!CLUSTER_NAME.matcher(cluster).matches() || cluster.length() > 32) {
                    findings.add(new Finding(
                            FindingCode.IMPORT_FOLDER.code(),
                            Severity.ERROR,
                            cluster,
                            0,
                            0,
                            "",
                            "the folder name is not a valid cluster name (lower-case letters, digits and '-', at most"
                                    + " 32 characters); name each folder after its cluster"));
                    continue;
                }
                clusters.add(cluster);
                readCluster(from, dir, cluster, objects, findings);
            }
        } catch (IOException | UncheckedIOException e) {
            findings.add(new Finding(
                    FindingCode.IMPORT_FOLDER.code(),
                    Severity.ERROR,
                    from.toString(),
                    0,
                    0,
                    "",
                    "cannot be read: " + e.getMessage()));
        }
        if (clusters.isEmpty() && findings.isEmpty()) {
            findings.add(new Finding(
                    FindingCode.IMPORT_FOLDER.code(),
                    Severity.ERROR,
                    from.toString(),
                    0,
                    0,
                    "",
                    "holds no cluster folder; put each cluster's manifests into a folder named after it"));
        }
        return new Fleet(clusters, objects);
    }

    private static void readCluster(
            Path from, Path dir, String cluster, List<FleetObject> objects, List<Finding> findings) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            String display = from.relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            boolean rendered = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8)
                    .startsWith(RENDERED_HEADER);
            for (LoadedDocument document : YamlLoader.loadAll(display, bytes)) {
                document.findings().forEach(f -> findings.add(f.under(FindingCode.IMPORT_FOLDER)));
                if (document.root().isEmpty() || !document.findings().isEmpty()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> body =
                        (Map<String, Object>) Tree.plain(document.root().get());
                if ("List".equals(body.get("kind")) && Tree.get(body, "items") instanceof List<?> items) {
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i) instanceof Map<?, ?>) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> item = (Map<String, Object>) items.get(i);
                            objects.add(new FleetObject(
                                    cluster, display, document.positions(), "/items/" + i, item, rendered));
                        }
                    }
                } else {
                    objects.add(new FleetObject(cluster, display, document.positions(), "", body, rendered));
                }
            }
        }
    }
}
