package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.render.MarkdownText;
import io.dkpmesh.core.render.TemplateEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Import: a fleet's objects in, a topology and a report out (docs/import.md). Reads
 * {@code <from>/<cluster>/**.yaml}, rebuilds the topology, writes it with the built-in template
 * {@code import-topology.yaml.ftl} (every string through the YAML quoting the render uses), and lists
 * every object read in {@code report.md}: mapped to which field, left out and why, or refused.
 */
public final class FleetImport {

    static final String TEMPLATE = "import-topology.yaml.ftl";

    private FleetImport() {}

    /**
     * Reads, rebuilds and writes; never throws for bad input (that is findings). The readers, one per
     * provider in the registry's order, read their meshes' objects ({@link MeshReader}).
     */
    public static ImportResult run(ImportRequest request, List<MeshReader> readers) {
        List<Finding> findings = new ArrayList<>();
        ClusterFacts facts = request.clustersFile()
                .map(file -> ClusterFacts.read(file, findings))
                .orElse(ClusterFacts.none());
        FleetReader.Fleet fleet = FleetReader.read(request.from(), findings);
        SortedMap<String, String> files = new TreeMap<>();
        if (findings.stream().anyMatch(Finding::isError)) {
            return new ImportResult(files, sorted(findings), fleet.objects().size());
        }
        Importer importer = new Importer(fleet.objects(), facts, fleet.clusters(), findings, readers);
        List<String> placeholders = new ArrayList<>();
        Map<String, String> certificates = new TreeMap<>();
        Map<String, Object> topology = importer.run(placeholders, certificates);
        String source = request.from().getFileName() == null
                ? request.from().toString()
                : request.from().getFileName().toString();
        try {
            files.put(
                    "topology.yaml",
                    new TemplateEngine(Optional.empty())
                            .render(
                                    TEMPLATE,
                                    Map.of("source", source, "placeholders", placeholders, "topology", topology)));
        } catch (TemplateEngine.TemplateFailure e) {
            findings.add(new Finding(
                    FindingCode.TEMPLATE.code(),
                    Severity.ERROR,
                    e.template(),
                    e.line(),
                    e.column(),
                    "",
                    e.getMessage()));
            return new ImportResult(files, sorted(findings), fleet.objects().size());
        }
        certificates.forEach(files::put);
        files.put("report.md", report(source, importer, placeholders, sorted(findings)));
        write(request.outputDirectory(), files, findings);
        return new ImportResult(files, sorted(findings), fleet.objects().size());
    }

    private static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().distinct().sorted(Finding.ORDER).toList();
    }

    private static void write(Path dir, Map<String, String> files, List<Finding> findings) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            findings.add(new Finding(
                    FindingCode.IMPORT_FOLDER.code(), Severity.ERROR, dir.toString(), 0, 0, "", "cannot write: " + e));
        }
    }

    static String report(String source, Importer importer, List<String> placeholders, List<Finding> findings) {
        List<Importer.Row> rows = importer.rows();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        rows.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        StringBuilder out = new StringBuilder();
        out.append("# Import of `").append(MarkdownText.escape(source)).append("`\n\n");
        out.append(rows.size()).append(" objects read: ");
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, n) -> parts.add(n + " " + outcome.label));
        out.append(parts.isEmpty() ? "none" : String.join("; ", parts)).append(".\n\n");
        out.append("Review it, render it, and compare each cluster's tree with what runs (`kubectl diff -k"
                + " rendered/clusters/<cluster>`); see docs/import.md.\n\n");
        if (!placeholders.isEmpty()) {
            out.append("## Placeholders to replace\n\n");
            placeholders.forEach(
                    p -> out.append("- `").append(MarkdownText.escape(p)).append("`\n"));
            out.append('\n');
        }
        List<String> renames = importer.renames();
        if (!renames.isEmpty()) {
            out.append("## Renamed by the first render\n\n");
            out.append("The GitOps tool that delivers the rendered tree creates each object below under its new\n"
                    + "name. It prunes only objects it applied itself (Argo CD: those carrying its tracking label;\n"
                    + "Flux: its Kustomization's inventory), so it leaves the old object alone. Delete the old object\n"
                    + "after the first sync, or drop it from the manifests of the application that delivered it\n"
                    + "(which deletes it if that application prunes). Until then both act: two ALLOW\n"
                    + "AuthorizationPolicies admit the callers of both; Istio merges two DestinationRules of one\n"
                    + "host, the one created first winning a conflict.\n\n");
            renames.forEach(r -> out.append("- ").append(MarkdownText.escape(r)).append('\n'));
            out.append('\n');
        }
        out.append("## Objects\n\n| cluster | object | file | outcome | where or why |\n|---|---|---|---|---|\n");
        for (Importer.Row r : rows) {
            FleetObject o = r.object();
            out.append("| ")
                    .append(MarkdownText.escape(o.cluster()))
                    .append(" | ")
                    .append(MarkdownText.escape(o.label()))
                    .append(" | ")
                    .append(MarkdownText.escape(o.place()))
                    .append(" | ")
                    .append(r.outcome().label)
                    .append(" | ")
                    .append(MarkdownText.escape(r.where()))
                    .append(" |\n");
        }
        if (!findings.isEmpty()) {
            out.append("\n## Findings\n\n");
            findings.forEach(f ->
                    out.append("- ").append(MarkdownText.escape(f.format())).append('\n'));
        }
        return out.toString();
    }
}
