package io.dkpmesh.core;

import io.dkpmesh.core.access.AccessEvaluator;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.access.FleetObjects;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.check.Namespaces;
import io.dkpmesh.core.check.OutputCheck;
import io.dkpmesh.core.graph.MermaidGraph;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.Resources;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Gitops;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.Renderer;
import io.dkpmesh.core.render.TemplateEngine;
import io.dkpmesh.core.validate.TopologySchema;
import io.dkpmesh.core.validate.TopologyValidator;
import io.dkpmesh.core.validate.Validation;
import io.dkpmesh.core.write.Manifest;
import io.dkpmesh.core.write.ObjectChanges;
import io.dkpmesh.core.write.TreeWriter;
import io.dkpmesh.core.write.TreeWriter.Changes;
import io.dkpmesh.core.write.UnsafeOutputException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * The engine's front door: validate a topology, render it in memory, write it to disk. Goals
 * adapt their parameters into a {@link RenderRequest} and call one method here.
 */
public final class DkpMesh {

    private final EngineLog log;
    private final Suggestions suggestions;

    /** An engine whose findings phrase their fixes with {@link Suggestions#NEUTRAL}. */
    public DkpMesh(EngineLog log) {
        this(log, Suggestions.NEUTRAL);
    }

    /** An engine whose findings phrase their fixes the way {@code suggestions} says. */
    public DkpMesh(EngineLog log, Suggestions suggestions) {
        this.log = log;
        this.suggestions = Objects.requireNonNull(suggestions, "suggestions");
    }

    /** The version written into manifests and reports. */
    public static String version() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Resources.text("io/dkpmesh/core/dkp-mesh.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    /** Every finding about the topology; never throws for bad input. */
    public List<Finding> validate(RenderRequest request) {
        return validation(request).findings();
    }

    /** The topology as a Mermaid flowchart (no Markdown fence); fails on invalid input like {@code render}. */
    public String graph(RenderRequest request) throws FindingsException {
        Validation validation = validation(request);
        if (validation.hasErrors()) {
            throw new FindingsException(validation.findings());
        }
        return MermaidGraph.render(validation.topology().orElseThrow());
    }

    /** The JSON Schema of {@code topology.yaml}, as bundled: what editors use for completion. */
    public static String topologySchema() {
        return TopologySchema.text();
    }

    /** Validates, renders and self-checks; the rendered files in path order, for all clusters. */
    public Rendered renderInMemory(RenderRequest request) throws FindingsException {
        Draft draft = draft(request);
        return draft.selfCheck(log, file -> true);
    }

    /**
     * Renders, compares with the tree on disk, and self-checks every file except those already on
     * disk byte for byte and recorded in a manifest of this very version: those bytes passed the
     * same check when they were written, so an unchanged re-render does not parse them again.
     */
    private Compared renderAndCompare(RenderRequest request) throws FindingsException {
        Draft draft = draft(request);
        Predicate<String> inScope = scope(draft.topology(), request.clusters());
        SortedMap<String, byte[]> files = new TreeMap<>();
        draft.files().stream()
                .filter(file -> inScope.test(file.path()))
                .forEach(file -> files.put(file.path(), file.content()));
        Changes changes;
        try {
            changes = TreeWriter.compare(
                    request.outputDirectory(),
                    files,
                    inScope,
                    version(),
                    draft.topology().name());
        } catch (UnsafeOutputException e) {
            throw unsafe(request, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + request.outputDirectory() + " failed", e);
        }
        Map<String, String> checked = changes.previous()
                .filter(m -> m.generatorVersion().equals(version()))
                .map(Manifest::files)
                .orElse(new TreeMap<>());
        // the sha256 the new manifest records were computed by compare; no file is hashed twice
        Rendered rendered = draft.selfCheck(
                log,
                file -> !files.containsKey(file.path())
                        || changes.writes().containsKey(file.path())
                        || !changes.sha256().get(file.path()).equals(checked.get(file.path())));
        return new Compared(rendered, inScope, files, changes);
    }

    /** A render compared with the tree on disk. */
    private record Compared(
            Rendered rendered, Predicate<String> inScope, SortedMap<String, byte[]> files, Changes changes) {}

    /** Validated and rendered, not yet self-checked. */
    private record Draft(
            Topology topology,
            List<RenderedFile> files,
            Findings findings,
            TemplateEngine templates,
            Set<String> clusters,
            Optional<AccessMatrix> access,
            Map<byte[], LoadedDocument> parsed) {

        Rendered selfCheck(EngineLog log, Predicate<RenderedFile> needsCheck) throws FindingsException {
            if (!findings.hasErrors()) {
                new OutputCheck(templates)
                        .check(files.stream().filter(needsCheck).toList(), parsed, findings);
            }
            if (!findings.hasErrors()) {
                // the oracle: the objects just checked must admit exactly whom the topology asks
                long start = System.nanoTime();
                access.ifPresent(matrix -> Renderer.checkAccess(topology, matrix, findings));
                log.debug(AccessReport.timing("compared with the topology", System.nanoTime() - start));
            }
            unknownClusters(topology, clusters, findings);
            if (findings.hasErrors()) {
                throw new FindingsException(findings.sorted());
            }
            return new Rendered(topology, files, findings.sorted(), access);
        }
    }

    private Draft draft(RenderRequest request) throws FindingsException {
        Validation validation = validation(request);
        if (validation.hasErrors()) {
            throw new FindingsException(validation.findings());
        }
        Topology topology = validation.topology().orElseThrow();
        Findings findings = new Findings(validation.positions());
        findings.addAll(validation.findings());
        TemplateEngine templates = new TemplateEngine(request.templates());
        Renderer renderer = new Renderer(templates);
        List<RenderedFile> files = renderer.render(
                        topology, validation.metadataCAs(), displayName(request.topology()), findings)
                .orElse(List.of());
        renderer.accessMatrix().ifPresent(matrix -> {
            log.debug(AccessReport.timing(
                    "read " + renderer.parsed().size() + " rendered files (parsed once, for the self-check too)",
                    renderer.parseNanos()));
            log.debug(AccessReport.timing("computed with ACCESS.md", renderer.accessNanos()));
        });
        namespacesNeeded(topology, files, request.clusters(), findings);
        return new Draft(
                topology, files, findings, templates, request.clusters(), renderer.accessMatrix(), renderer.parsed());
    }

    /**
     * A GitOps tool applies each cluster's objects into namespaces it does not create; unless the
     * topology says they exist, each cluster gets a warning naming the namespaces it needs.
     */
    private static void namespacesNeeded(
            Topology topology, List<RenderedFile> files, Set<String> clusters, Findings findings) {
        if (!topology.gitops().delivers() || topology.gitops().namespacesExist()) {
            return;
        }
        String tool = topology.gitops().tool().equals(Gitops.ARGOCD) ? "Argo CD" : "Flux";
        Namespaces.needed(files)
                .forEach((name, namespaces) -> topology.cluster(name)
                        .filter(cluster -> clusters.isEmpty() || clusters.contains(name))
                        .ifPresent(cluster -> findings.warning(
                                FindingCode.NAMESPACES_NEEDED,
                                cluster.pointer() + "/name",
                                "cluster "
                                        + Text.quote(name) + " gets objects in namespace"
                                        + (namespaces.size() == 1 ? " " : "s ")
                                        + String.join(", ", namespaces) + ", which " + tool + " does not create"
                                        + (tool.equals("Argo CD")
                                                ? " (CreateNamespace=true covers only an Application's destination namespace)"
                                                : "")
                                        + "; the sync fails while one is missing: create them in that cluster, then set"
                                        + " spec.gitops.namespacesExist: true")));
    }

    /** Validates, renders, self-checks, then writes the tree as one transaction. */
    public RenderSummary render(RenderRequest request) throws FindingsException {
        Compared compared = renderAndCompare(request);
        Rendered rendered = compared.rendered();
        SortedMap<String, byte[]> files = compared.files();
        files.keySet().forEach(path -> log.debug("rendered " + path));
        try {
            TreeWriter.Result result = TreeWriter.write(
                    request.outputDirectory(),
                    files,
                    compared.inScope(),
                    version(),
                    rendered.topology().name());
            // the clusters whose trees this render holds: not those filtered out, nor those in no mesh
            int clusters = (int) files.keySet().stream()
                    .map(path -> owner(rendered.topology(), path))
                    .filter(owner -> !owner.equals(FLEET))
                    .distinct()
                    .count();
            return new RenderSummary(files.size(), clusters, result.written(), result.deleted(), rendered.warnings());
        } catch (UnsafeOutputException e) {
            throw unsafe(request, e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing " + request.outputDirectory() + " failed; the previous tree was restored", e);
        }
    }

    /**
     * Renders in memory and compares with the tree on disk; throws one {@code DKPM902} finding per
     * file that is missing, edited, or owned but no longer rendered. Files dkp-mesh does not own
     * are ignored. Returns how many files were compared.
     */
    public int check(RenderRequest request) throws FindingsException {
        Compared compared = renderAndCompare(request);
        List<Finding> stale = staleFiles(request, compared.changes(), suggestions);
        if (!stale.isEmpty()) {
            throw new FindingsException(stale);
        }
        return compared.rendered().files().size();
    }

    /**
     * Every finding {@code validate} reports: those about the topology, those of the self-check of
     * the rendered documents, and, when the output directory exists, those {@code check} reports
     * for a stale tree. One call gives CI a report with everything that would fail the build.
     */
    public List<Finding> findings(RenderRequest request) {
        try {
            if (!Files.exists(request.outputDirectory())) {
                return renderInMemory(request).warnings();
            }
            Compared compared = renderAndCompare(request);
            List<Finding> all = new ArrayList<>(compared.rendered().warnings());
            all.addAll(staleFiles(request, compared.changes(), suggestions));
            return all;
        } catch (FindingsException e) {
            return e.findings();
        }
    }

    /** One {@code DKPM902} per file that is missing, edited, or owned but no longer rendered. */
    private static List<Finding> staleFiles(RenderRequest request, Changes changes, Suggestions suggestions) {
        List<Finding> stale = new ArrayList<>();
        String out = request.outputDirectory().toString().replace('\\', '/');
        Map<String, String> recorded = changes.previous().map(Manifest::files).orElse(new TreeMap<>());
        changes.writes().forEach((path, content) -> {
            if (changes.missing().contains(path)) {
                stale.add(staleFile(
                        suggestions,
                        out,
                        path,
                        recorded.containsKey(path) ? "was deleted by hand since render wrote it" : "is missing"));
                return;
            }
            ChangePlan.Cause cause = ObjectChanges.cause(
                    Optional.ofNullable(recorded.get(path)),
                    Optional.of(Manifest.sha256(
                            ObjectChanges.read(request.outputDirectory().resolve(path)))),
                    changes.sha256().get(path));
            stale.add(staleFile(
                    suggestions,
                    out,
                    path,
                    switch (cause) {
                        case HAND_EDIT -> "was edited by hand since render wrote it";
                        case BOTH -> "was edited by hand since render wrote it, and the topology changed too";
                        case TOPOLOGY -> "differs from what render writes: the topology changed";
                    }));
        });
        changes.stale()
                .forEach(path ->
                        stale.add(staleFile(suggestions, out, path, "is owned by dkp-mesh but no longer rendered")));
        if (stale.isEmpty() && changes.manifestChanged()) {
            stale.add(staleFile(suggestions, out, Manifest.PATH, "differs from what render writes"));
        }
        return stale;
    }

    /** What {@code render} would add, change and remove, per cluster and object; writes nothing. */
    public ChangePlan diff(RenderRequest request) throws FindingsException {
        Compared compared = renderAndCompare(request);
        Rendered rendered = compared.rendered();
        Changes changes = compared.changes();
        Map<String, List<ObjectChange>> byCluster = new TreeMap<>();
        Map<String, byte[]> removedContent = new HashMap<>();
        Map<String, String> recorded = changes.previous().map(Manifest::files).orElse(new TreeMap<>());
        for (Map.Entry<String, byte[]> write : changes.writes().entrySet()) {
            String path = write.getKey();
            boolean missing = changes.missing().contains(path);
            byte[] onDisk = missing
                    ? null
                    : ObjectChanges.read(request.outputDirectory().resolve(path));
            ObjectChange change = ObjectChanges.of(missing ? Action.ADDED : Action.CHANGED, path, write.getValue())
                    .with(
                            ObjectChanges.cause(
                                    Optional.ofNullable(recorded.get(path)),
                                    Optional.ofNullable(onDisk).map(Manifest::sha256),
                                    Manifest.sha256(write.getValue())),
                            ObjectChanges.fields(path, onDisk, write.getValue()));
            byCluster
                    .computeIfAbsent(owner(rendered.topology(), path), c -> new ArrayList<>())
                    .add(change);
        }
        for (String path : changes.stale()) {
            byte[] content = ObjectChanges.read(request.outputDirectory().resolve(path));
            removedContent.put(path, content);
            byCluster
                    .computeIfAbsent(owner(rendered.topology(), path), c -> new ArrayList<>())
                    .add(ObjectChanges.of(Action.REMOVED, path, content));
        }
        List<ChangePlan.ClusterChanges> clusters = new ArrayList<>();
        byCluster.forEach((cluster, list) -> {
            List<ObjectChange> merged = ObjectChanges.mergeMoves(list, changes.writes(), removedContent);
            if (!merged.isEmpty()) {
                clusters.add(new ChangePlan.ClusterChanges(cluster, merged));
            }
        });
        return new ChangePlan(clusters, accessChanges(request, rendered, changes));
    }

    /**
     * Who can call what, computed from the objects a render produces (in memory; nothing is
     * written); fails on invalid input like {@code render}.
     */
    public AccessMatrix access(RenderRequest request) throws FindingsException {
        Rendered rendered = renderInMemory(request);
        return rendered.access().orElseGet(() -> Renderer.accessMatrix(rendered.topology(), rendered.files()));
    }

    /**
     * The access edges that differ between the tree on disk and the new render. Both matrices are
     * computed from rendered objects with the new topology's names and identities, so a change of
     * objects, not of wording, is what shows.
     */
    private static List<ChangePlan.AccessChange> accessChanges(
            RenderRequest request, Rendered rendered, Changes changes) {
        Map<String, byte[]> old = new TreeMap<>();
        changes.previous()
                .ifPresent(manifest -> manifest.files().keySet().stream()
                        .filter(path -> path.startsWith("clusters/"))
                        .forEach(path -> old.put(
                                path,
                                ObjectChanges.read(request.outputDirectory().resolve(path)))));
        Set<String> before =
                AccessReport.edges(new AccessEvaluator(rendered.topology(), FleetObjects.read(old)).matrix());
        Set<String> after = AccessReport.edges(
                rendered.access().orElseGet(() -> Renderer.accessMatrix(rendered.topology(), rendered.files())));
        List<ChangePlan.AccessChange> access = new ArrayList<>();
        new TreeSet<String>(before)
                .stream()
                        .filter(edge -> !after.contains(edge))
                        .forEach(edge -> access.add(new ChangePlan.AccessChange(false, edge)));
        after.stream()
                .filter(edge -> !before.contains(edge))
                .forEach(edge -> access.add(new ChangePlan.AccessChange(true, edge)));
        access.sort(Comparator.comparing(ChangePlan.AccessChange::edge).thenComparing(ChangePlan.AccessChange::added));
        return access;
    }

    private static FindingsException unsafe(RenderRequest request, UnsafeOutputException e) {
        return new FindingsException(List.of(new Finding(
                FindingCode.OUTPUT_DIRECTORY.code(),
                Severity.ERROR,
                request.outputDirectory().toString(),
                0,
                0,
                "",
                e.getMessage())));
    }

    private static Finding staleFile(Suggestions suggestions, String outputDirectory, String path, String what) {
        return new Finding(
                FindingCode.STALE_TREE.code(),
                Severity.ERROR,
                outputDirectory + "/" + path,
                0,
                0,
                "",
                what + "; " + suggestions.staleTree());
    }

    /**
     * The cluster a tree path belongs to ({@code clusters/<c>/...} or {@code gitops/flux/<c>/...}),
     * or {@code (fleet)} for fleet-wide files. Read off the path, so it costs the same for any N.
     */
    static String owner(Topology topology, String path) {
        Matcher matcher = Document.CLUSTER_PATH.matcher(path);
        return matcher.lookingAt() && topology.cluster(matcher.group(2)).isPresent() ? matcher.group(2) : FLEET;
    }

    static final String FLEET = "(fleet)";

    /**
     * A render result held in memory.
     *
     * @param warnings the warning findings (a render never succeeds with errors)
     * @param access   who can call what in these files
     */
    public record Rendered(
            Topology topology, List<RenderedFile> files, List<Finding> warnings, Optional<AccessMatrix> access) {}

    private Validation validation(RenderRequest request) {
        return new TopologyValidator(suggestions).validate(request.topology(), displayName(request.topology()));
    }

    /** Files of the named clusters; with no names, everything. Fleet-wide files are always in scope. */
    static Predicate<String> scope(Topology topology, Set<String> clusters) {
        if (clusters.isEmpty()) {
            return path -> true;
        }
        return path -> {
            String owner = owner(topology, path);
            return owner.equals(FLEET) || clusters.contains(owner);
        };
    }

    /** Clusters asked for by name that the topology does not define; about the whole topology file. */
    private static void unknownClusters(Topology topology, Set<String> clusters, Findings findings) {
        clusters.stream()
                .sorted()
                .filter(name -> topology.cluster(name).isEmpty())
                .forEach(name -> findings.inFile(
                        FindingCode.UNKNOWN_REFERENCE,
                        findings.positions().file(),
                        0,
                        "",
                        "cluster " + Text.quote(name)
                                + ", asked for among the clusters to render, is not in the topology; known clusters: "
                                + topology.clusters().stream()
                                        .map(Cluster::name)
                                        .sorted()
                                        .toList()));
    }

    /** How findings name the topology: relative to the working directory when it lies below it. */
    static String displayName(Path topology) {
        Path absolute = topology.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return (absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
    }
}
