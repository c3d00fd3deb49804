package io.dkpmesh.core;

import io.dkpmesh.core.access.AccessEvaluator;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.access.AccessStep;
import io.dkpmesh.core.access.FleetObjects;
import io.dkpmesh.core.access.UserPolicies;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.api.Version;
import io.dkpmesh.core.check.Namespaces;
import io.dkpmesh.core.check.OutputCheck;
import io.dkpmesh.core.graph.MermaidGraph;
import io.dkpmesh.core.importer.FleetImport;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import io.dkpmesh.core.layout.ClusterScope;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Ahead;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TopologyReader;
import io.dkpmesh.core.pipeline.Step;
import io.dkpmesh.core.pipeline.StepListener;
import io.dkpmesh.core.pipeline.StepRunner;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planning;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.Renderer;
import io.dkpmesh.core.render.TemplateEngine;
import io.dkpmesh.core.validate.RequestedClusters;
import io.dkpmesh.core.validate.TopologySchema;
import io.dkpmesh.core.validate.TopologyValidator;
import io.dkpmesh.core.validate.Validation;
import io.dkpmesh.core.write.GitBaseline;
import io.dkpmesh.core.write.Manifest;
import io.dkpmesh.core.write.ObjectChanges;
import io.dkpmesh.core.write.OutputTreeException;
import io.dkpmesh.core.write.RenderInputs;
import io.dkpmesh.core.write.RenderState;
import io.dkpmesh.core.write.StaleTree;
import io.dkpmesh.core.write.TreeLock;
import io.dkpmesh.core.write.TreeWriter;
import io.dkpmesh.core.write.TreeWriter.Changes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The engine's front door: validate a topology, render it in memory, write it to disk. Goals
 * adapt their parameters into a {@link RenderRequest} and call one method here.
 */
public final class DkpMesh {

    private final EngineLog log;
    private final Suggestions suggestions;
    /** Runs and times every step (docs/architecture.md, "The pipeline"). */
    private final StepRunner steps;
    /** The mesh providers the plan step asks ({@link Providers}). */
    private final List<MeshProvider> providers;
    /** The providers whose objects the access matrix does not model: their meshes' verdicts are unknown. */
    private final Set<Provider> unmodelled;

    /** An engine whose findings phrase their fixes with {@link Suggestions#NEUTRAL}. */
    public DkpMesh(EngineLog log) {
        this(log, Suggestions.NEUTRAL);
    }

    /** An engine whose findings phrase their fixes the way {@code suggestions} says. */
    public DkpMesh(EngineLog log, Suggestions suggestions) {
        this(log, suggestions, StepListener.NONE);
    }

    /**
     * An engine that also tells {@code timings} how long each step took (what the benchmark reads,
     * instead of the debug log's wording).
     */
    public DkpMesh(EngineLog log, Suggestions suggestions, StepListener timings) {
        this(log, suggestions, timings, Providers.BUILT_IN);
    }

    /** An engine with these mesh providers instead of the built-in ones (a test's registry). */
    public DkpMesh(EngineLog log, Suggestions suggestions, StepListener timings, List<MeshProvider> providers) {
        this.log = log;
        this.suggestions = Objects.requireNonNull(suggestions, "suggestions");
        this.steps = new StepRunner(log, timings);
        this.providers = Providers.of(providers);
        this.unmodelled = Providers.unmodelledAccess(this.providers);
    }

    /** The version written into manifests and reports. */
    public static String version() {
        return Version.current();
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
        return MermaidGraph.render(validation.topology().orElseThrow(), Planning.graphStyles(providers));
    }

    /** The JSON Schema of {@code topology.yaml}, as bundled: what editors use for completion. */
    public static String topologySchema() {
        return TopologySchema.text();
    }

    /** Validates, renders and self-checks; the rendered files in path order, for all clusters. */
    public Rendered renderInMemory(RenderRequest request) throws FindingsException {
        Draft draft = draft(request);
        return draft.selfCheck(steps, providers, unmodelled, file -> true);
    }

    /**
     * Compares a draft with the tree on disk (under a lock the caller holds), and self-checks
     * every file except those already on disk byte for byte and recorded in a manifest of this
     * very version: those bytes passed the same check when they were written, so an unchanged
     * re-render does not parse them again.
     */
    private Compared compare(RenderRequest request, Draft draft) throws FindingsException {
        ClusterScope inScope = scope(draft.topology(), request.clusters());
        SortedMap<String, byte[]> files = new TreeMap<>();
        draft.files().stream()
                .filter(file -> inScope.test(file.path()))
                .forEach(file -> files.put(file.path(), file.content()));
        Changes changes;
        try {
            changes = steps.run(
                    Step.COMPARE,
                    "compared " + files.size() + " files with the tree on disk",
                    () -> TreeWriter.compare(
                            request.outputDirectory(),
                            files,
                            inScope,
                            version(),
                            draft.topology().name()));
        } catch (OutputTreeException e) {
            throw e.findings(request.outputDirectory());
        }
        Map<String, String> checked = changes.previous()
                .filter(m -> m.generatorVersion().equals(version()))
                .map(Manifest::files)
                .orElse(new TreeMap<>());
        // the sha256 the new manifest records were computed by compare; no file is hashed twice
        Rendered rendered = draft.selfCheck(
                steps,
                providers,
                unmodelled,
                file -> !files.containsKey(file.path())
                        || changes.writes().containsKey(file.path())
                        || !changes.sha256().get(file.path()).equals(checked.get(file.path())));
        return new Compared(rendered, inScope, files, changes);
    }

    /** Reads the tree under a shared lock: no render writes it meanwhile. */
    private <T> T reading(RenderRequest request, TreeRead<T> read) throws FindingsException {
        try (TreeLock lock = TreeLock.shared(request.outputDirectory())) {
            return read.apply();
        } catch (OutputTreeException e) {
            throw e.findings(request.outputDirectory());
        }
    }

    /** What is done with the tree under a shared lock. */
    @FunctionalInterface
    private interface TreeRead<T> {
        T apply() throws FindingsException;
    }

    /** A render compared with the tree on disk. */
    private record Compared(
            Rendered rendered, ClusterScope inScope, SortedMap<String, byte[]> files, Changes changes) {}

    /** Validated and rendered, not yet self-checked. */
    private record Draft(
            Topology topology,
            List<RenderedFile> files,
            Findings findings,
            TemplateEngine templates,
            Set<String> clusters,
            Optional<AccessMatrix> access,
            Map<byte[], LoadedDocument> parsed,
            Optional<AccessMatrix> ownAccess,
            UserPolicies user) {

        /** @param unmodelled the providers whose objects the access check cannot judge ({@link Providers#unmodelledAccess}) */
        Rendered selfCheck(
                StepRunner steps,
                List<MeshProvider> providers,
                Set<Provider> unmodelled,
                Predicate<RenderedFile> needsCheck)
                throws FindingsException {
            if (!findings.hasErrors()) {
                List<RenderedFile> checked = files.stream().filter(needsCheck).toList();
                steps.run(
                        Step.SELF_CHECK,
                        "self-checked " + checked.size() + " files",
                        () -> new OutputCheck(templates, providers).check(checked, parsed, findings));
            }
            if (!findings.hasErrors()) {
                // the oracle: the objects just checked must admit exactly whom the topology asks
                steps.run(
                        Step.ACCESS_CHECK,
                        AccessReport.TIMING + "compared with the topology",
                        () -> ownAccess.ifPresent(matrix -> AccessStep.check(topology, matrix, findings, unmodelled)));
            }
            RequestedClusters.check(topology, clusters, findings);
            if (findings.hasErrors()) {
                throw new FindingsException(findings.sorted());
            }
            // a render without errors computed its matrix
            return new Rendered(topology, files, findings.sorted(), access.orElseThrow());
        }
    }

    private Draft draft(RenderRequest request) throws FindingsException {
        TopologyValidator validator = new TopologyValidator(suggestions, Providers.validationRules(providers));
        // after the schema, which the validation needs first: two cold starts at once only slow each other
        Ahead<TemplateEngine> warmedUp = Ahead.start(() -> {
            validator.awaitSchema();
            return TemplateEngine.warmedUp(request.templates());
        });
        Validation validation = validation(validator, request);
        if (validation.hasErrors()) {
            throw new FindingsException(validation.findings());
        }
        Topology topology = validation.topology().orElseThrow();
        Findings findings = new Findings(validation.positions());
        findings.addAll(validation.findings());
        TemplateEngine templates = warmedUp.get();
        UserPolicies user = AccessStep.userPolicies(request, topology, findings);
        Plan plan = steps.run(
                Step.PLAN,
                p -> "planned " + p.documents().size() + " documents",
                () -> Planning.plan(topology, validation.metadataCAs(), providers, findings));
        Optional<List<RenderedFile>> rendered = findings.hasErrors()
                ? Optional.empty()
                : steps.run(
                        Step.RENDER,
                        r -> "rendered " + r.map(List::size).orElse(0) + " files",
                        () -> new Renderer(templates).render(plan, request.topologyName(), findings));
        Optional<AccessStep.ReadBack> read = rendered.map(r -> steps.run(
                Step.READ_BACK,
                back -> AccessReport.TIMING + "read " + back.byContent().size()
                        + " rendered files (parsed once, for the self-check too)",
                () -> AccessStep.readBack(r)));
        Optional<AccessStep.Access> access = read.map(back -> steps.run(
                Step.ACCESS,
                AccessReport.TIMING + "computed with ACCESS.md",
                () -> AccessStep.access(
                        topology, rendered.orElseThrow(), back, user, request.topologyName(), unmodelled)));
        List<RenderedFile> files = access.map(AccessStep.Access::files).orElse(List.of());
        Map<byte[], LoadedDocument> parsed =
                read.map(AccessStep.ReadBack::byContent).orElse(Map.of());
        Namespaces.warn(topology, files, parsed, request.clusters(), findings);
        return new Draft(
                topology,
                files,
                findings,
                templates,
                request.clusters(),
                access.map(AccessStep.Access::access),
                parsed,
                access.map(AccessStep.Access::ownAccess),
                user);
    }

    /**
     * Validates, renders, then, holding the tree's lock, compares, self-checks and writes the tree
     * as one transaction. A refused render leaves the tree as it was.
     */
    public RenderSummary render(RenderRequest request) throws FindingsException {
        RenderInputs inputs = inputs(request);
        Optional<RenderState> same = unchanged(inputs);
        if (same.isPresent()) {
            return new RenderSummary(
                    same.get().files(), same.get().clusters(), 0, 0, same.get().warnings());
        }
        Draft draft = draft(request);
        try (TreeLock lock = TreeLock.exclusive(request.outputDirectory(), log::info)) {
            Compared compared = compare(request, draft);
            Rendered rendered = compared.rendered();
            SortedMap<String, byte[]> files = compared.files();
            files.keySet().forEach(path -> log.debug("rendered " + path));
            TreeWriter.Result result = steps.run(
                    Step.WRITE,
                    written -> "wrote " + written.written() + " files and removed " + written.deleted(),
                    () -> TreeWriter.write(
                            lock,
                            files,
                            compared.inScope(),
                            version(),
                            rendered.topology().name(),
                            compared.changes()));
            // the clusters whose trees this render holds: not those filtered out, nor those in no mesh
            int clusters = (int) files.keySet().stream()
                    .map(compared.inScope()::owner)
                    .filter(owner -> !owner.equals(ClusterScope.FLEET))
                    .distinct()
                    .count();
            List<Finding> warnings = new ArrayList<>(rendered.warnings());
            warnings.addAll(StaleTree.kept(request.outputDirectory(), result.changes()));
            RenderSummary summary =
                    new RenderSummary(files.size(), clusters, result.written(), result.deleted(), warnings);
            exportsToLabel(rendered);
            steps.run(
                    Step.RECORD,
                    "recorded the inputs of this render",
                    () -> inputs.record(
                            rendered.topology(), summary, rendered.files().size(), result));
            // told once, by the render that replaced the edits: not recorded, so an unchanged re-render does not repeat
            // it
            List<Finding> replaced = StaleTree.replaced(request.outputDirectory(), result.changes());
            if (replaced.isEmpty()) {
                return summary;
            }
            warnings.addAll(replaced);
            return new RenderSummary(
                    summary.files(), summary.clusters(), summary.written(), summary.deleted(), warnings);
        } catch (OutputTreeException e) {
            throw e.findings(request.outputDirectory());
        }
    }

    /**
     * Says which Services the application teams must label for the federation routes ACCESS.md
     * counts: the Component that labels them is in no cluster tree, so nothing in the delivery applies it.
     */
    private void exportsToLabel(Rendered rendered) {
        AccessReport.exportLines(rendered.access()).forEach(log::info);
    }

    /**
     * Renders in memory and compares with the tree on disk; throws one {@code DKPM902} finding per
     * file that is missing, edited, or owned but no longer rendered. Files dkp-mesh does not own
     * are ignored. Returns how many files were compared.
     */
    public int check(RenderRequest request) throws FindingsException {
        Optional<RenderState> same = unchanged(inputs(request));
        if (same.isPresent()) {
            return same.get().renderedFiles();
        }
        Draft draft = draft(request);
        return reading(request, () -> {
            Compared compared = compare(request, draft);
            List<Finding> stale = StaleTree.findings(request.outputDirectory(), compared.changes(), suggestions);
            if (!stale.isEmpty()) {
                throw new FindingsException(stale);
            }
            return compared.rendered().files().size();
        });
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
            Optional<RenderState> same = unchanged(inputs(request));
            if (same.isPresent()) {
                return same.get().warnings();
            }
            Draft draft = draft(request);
            return reading(request, () -> {
                Compared compared = compare(request, draft);
                List<Finding> all = new ArrayList<>(compared.rendered().warnings());
                all.addAll(StaleTree.findings(request.outputDirectory(), compared.changes(), suggestions));
                Path tree = baselineDirectory(request);
                try {
                    // the baseline's own manifest names its files: comparing the draft with it
                    // (and self-checking the draft again) would tell nothing more
                    Baseline baseline = Baseline.of(
                            tree,
                            tree.equals(request.outputDirectory())
                                    ? compared.changes().previous()
                                    : manifestOf(request, tree));
                    Map<String, byte[]> now = Baseline.byPath(compared.rendered());
                    if (!baseline.isEmpty()) {
                        transitions(
                                        draft,
                                        compared.rendered(),
                                        baseline,
                                        now,
                                        baseline.access(compared.rendered(), now, draft.user(), unmodelled))
                                .stream()
                                .map(ChangePlan.Transition::finding)
                                .forEach(all::add);
                    }
                } finally {
                    discardBaseline(request, tree);
                }
                return all;
            });
        } catch (FindingsException e) {
            return e.findings();
        }
    }

    /**
     * What {@code render} would add, change and remove, per cluster and object, compared with the
     * baseline ({@link #baselineDirectory}); writes nothing to the tree.
     */
    public ChangePlan diff(RenderRequest request) throws FindingsException {
        if (request.baseline().isEmpty() && unchanged(inputs(request)).isPresent()) {
            return new ChangePlan(List.of(), List.of());
        }
        Draft draft = draft(request);
        Path tree = baselineDirectory(request);
        RenderRequest base = against(request, tree);
        try {
            return reading(request, () -> {
                Compared compared = compare(base, draft);
                Baseline baseline = Baseline.of(tree, compared.changes().previous());
                Map<String, byte[]> now = Baseline.byPath(compared.rendered());
                List<AccessMatrix> access = baseline.access(compared.rendered(), now, draft.user(), unmodelled);
                return new ChangePlan(
                        ObjectChanges.byCluster(tree, compared.changes(), compared.inScope()),
                        AccessReport.changes(access.get(0), access.get(1)),
                        transitions(draft, compared.rendered(), baseline, now, access));
            });
        } finally {
            discardBaseline(request, tree);
        }
    }

    /**
     * The tree a change is judged against: the output directory itself, or, when the request names
     * a {@link RenderRequest#baseline() baseline} Git ref, the output tree committed there, written
     * into {@code baseline} in the state directory (without one, into a new temporary folder that
     * {@link #discardBaseline} deletes). Fails with one {@code DKPM906} finding when it cannot be read.
     */
    public Path baselineDirectory(RenderRequest request) throws FindingsException {
        if (request.baseline().isEmpty()) {
            return request.outputDirectory();
        }
        Path into;
        try {
            into = request.stateDirectory().isPresent()
                    ? request.stateDirectory().get().resolve("baseline")
                    : Files.createTempDirectory("dkp-mesh-baseline");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return steps.run(
                    Step.BASELINE,
                    "read the baseline at " + request.baseline().get() + " from Git",
                    () -> GitBaseline.materialize(
                            request.outputDirectory(), request.baseline().get(), into));
        } catch (OutputTreeException e) {
            discardBaseline(request, into);
            throw e.findings(request.outputDirectory());
        }
    }

    /** Deletes a baseline {@link #baselineDirectory} wrote into a temporary folder; keeps every other. */
    public static void discardBaseline(RenderRequest request, Path tree) {
        if (request.baseline().isPresent() && request.stateDirectory().isEmpty()) {
            GitBaseline.discard(tree);
        }
    }

    /** The same request, comparing with {@code tree} instead of the output directory. */
    private static RenderRequest against(RenderRequest request, Path tree) {
        return new RenderRequest(
                request.topology(),
                tree,
                request.templates(),
                request.clusters(),
                Optional.empty(),
                Optional.empty(),
                request.userPolicies());
    }

    /**
     * Rebuilds a topology from a fleet's objects and writes it with a report of every object read
     * (docs/import.md); never throws for bad input.
     */
    public ImportResult importFleet(ImportRequest request) {
        return FleetImport.run(request, Providers.meshReaders(providers));
    }

    /**
     * Who can call what, computed from the objects a render produces (in memory; nothing is
     * written); fails on invalid input like {@code render}.
     */
    public AccessMatrix access(RenderRequest request) throws FindingsException {
        Optional<RenderState> same = request.clusters().isEmpty() ? unchanged(inputs(request)) : Optional.empty();
        if (same.isPresent()) {
            Optional<AccessMatrix> ofTree = accessOfTree(request, same.get());
            if (ofTree.isPresent()) {
                return ofTree.get();
            }
        }
        return renderInMemory(request).access();
    }

    /**
     * The matrix of the tree on disk, when the last render's state vouches that the inputs and the
     * whole tree are as that render left them: it validated this topology and self-checked these
     * files, so only its matrix step is left to do (parse the cluster files, evaluate), with the
     * topology read into the model without its schema. Empty, for a render in memory, when an input
     * changed while it was read.
     */
    private Optional<AccessMatrix> accessOfTree(RenderRequest request, RenderState state) throws FindingsException {
        return reading(
                request,
                () -> steps.run(
                        Step.TREE_ACCESS,
                        matrix -> matrix.isPresent()
                                ? "computed the access matrix of the unchanged tree"
                                : "found an input changed while reading the tree",
                        () -> {
                            byte[] topology = ObjectChanges.read(request.topology());
                            Map<String, byte[]> files = new TreeMap<>();
                            state.owned().stream()
                                    .map(RenderState.Owned::path)
                                    .filter(Layout::inClusterTree)
                                    .forEach(path -> files.put(
                                            path,
                                            ObjectChanges.read(
                                                    request.outputDirectory().resolve(path))));
                            Optional<JsonNode> root = YamlLoader.loadTopology(request.topologyName(), topology)
                                    .root();
                            if (root.isEmpty() || inputs(request).unchanged().isEmpty()) {
                                return Optional.empty();
                            }
                            Topology model = TopologyReader.read(root.get());
                            Findings found = new Findings(new io.dkpmesh.core.load.SourceMap(request.topologyName()));
                            UserPolicies user = AccessStep.userPolicies(request, model, found);
                            if (found.hasErrors()) {
                                throw new FindingsException(found.sorted());
                            }
                            AccessMatrix matrix = new AccessEvaluator(
                                            model, FleetObjects.read(files).with(user), Set.of(), unmodelled)
                                    .matrix()
                                    .including(user);
                            return Optional.of(matrix);
                        }));
    }

    /** What the running clusters, rendered from the baseline, cannot simply take from the new render. */
    private List<ChangePlan.Transition> transitions(
            Draft draft, Rendered rendered, Baseline baseline, Map<String, byte[]> now, List<AccessMatrix> access) {
        return baseline.transitions(rendered, now, access, draft.findings().positions(), providers);
    }

    /** The manifest of a baseline tree; a tree that cannot be read is one finding. */
    private static Optional<Manifest> manifestOf(RenderRequest request, Path tree) throws FindingsException {
        try {
            return TreeWriter.manifestOf(tree);
        } catch (OutputTreeException e) {
            throw e.findings(request.outputDirectory());
        }
    }

    /**
     * The last render's state, when the inputs and the tree on disk are as it left them; says so,
     * with how many files their stamps proved and how many were read, in debug lines.
     */
    private Optional<RenderState> unchanged(RenderInputs inputs) {
        Optional<RenderState.Unchanged> same = steps.run(
                Step.INPUTS, "compared the inputs and the owned files with the last render's", inputs::unchanged);
        same.ifPresent(proof -> log.debug("inputs and tree unchanged since the last render: " + proof.stamped()
                + " files untouched by their stamps, " + proof.read() + " read and hashed"));
        return same.map(RenderState.Unchanged::state);
    }

    /** The request's inputs, fingerprinted before anything reads them for rendering. */
    private RenderInputs inputs(RenderRequest request) {
        return RenderInputs.of(request, suggestions.renderAgain() + "\n" + suggestions.topologySetting());
    }

    private Validation validation(RenderRequest request) {
        return validation(new TopologyValidator(suggestions, Providers.validationRules(providers)), request);
    }

    private Validation validation(TopologyValidator validator, RenderRequest request) {
        return steps.run(
                Step.VALIDATE,
                "validated the topology",
                () -> validator.validate(request.topology(), request.topologyName()));
    }

    /** Files of the named clusters; with no names, everything. Fleet-wide files are always in scope. */
    static ClusterScope scope(Topology topology, Set<String> clusters) {
        return new ClusterScope(topology.clusters().stream().map(Cluster::name).collect(Collectors.toSet()), clusters);
    }
}
