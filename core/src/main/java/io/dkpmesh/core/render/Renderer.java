package io.dkpmesh.core.render;

import io.dkpmesh.core.access.AccessEvaluator;
import io.dkpmesh.core.access.AccessIntent;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.access.FleetObjects;
import io.dkpmesh.core.access.UserPolicies;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.graph.MermaidGraph;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.TemplateEngine.TemplateFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Plans the documents of every model, then renders them through the templates. Pure: the same
 * topology gives the same bytes, and nothing here touches the file system.
 */
public final class Renderer {

    /** The planners of every provider, in the order of {@link Provider}: Istio's, then Cilium's. */
    private static final List<Planner> PLANNERS = Arrays.stream(Provider.values())
            .flatMap(provider -> planners(provider).stream())
            .toList();

    private final TemplateEngine templates;

    public Renderer(TemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * What one {@link #render} produced.
     *
     * @param files       the files in path order, {@code ACCESS.md} included
     * @param access      who can call what in those files; checked against the topology only after the
     *                    self-check, so that a finding about an invalid object is not hidden behind the
     *                    access it fails to grant
     * @param parsed      the files the access matrix read, parsed, keyed by their content array
     *                    (identity): the self-check reuses them instead of parsing the same bytes again
     * @param parseNanos  how long parsing those files took (for the debug log)
     * @param accessNanos how long computing the matrix and its page took, beyond the parse
     * @param ownAccess   who can call what by the rendered objects alone, what the topology is checked
     *                    against (the user's own policies are theirs to decide); {@code access} itself
     *                    when no folder of them was given
     */
    public record Rendering(
            List<RenderedFile> files,
            AccessMatrix access,
            Map<byte[], LoadedDocument> parsed,
            long parseNanos,
            long accessNanos,
            AccessMatrix ownAccess) {}

    /** Adds a DKPM540 error wherever the matrix differs from what the topology asks. */
    public static void checkAccess(Topology topology, AccessMatrix matrix, Findings findings) {
        new AccessIntent(topology).check(matrix, findings);
    }

    /**
     * @param sourceName how the header names the topology file (its file name: no absolute paths in output)
     * @return the rendering; empty with findings added when something failed
     */
    public Optional<Rendering> render(
            Topology topology, Map<String, String> metadataCAs, String sourceName, Findings findings) {
        return render(topology, metadataCAs, sourceName, UserPolicies.NONE, findings);
    }

    /**
     * @param user the user's own AuthorizationPolicies, which {@code ACCESS.md} includes beside the
     *             rendered ones
     */
    public Optional<Rendering> render(
            Topology topology,
            Map<String, String> metadataCAs,
            String sourceName,
            UserPolicies user,
            Findings findings) {
        Plan plan = new Plan(topology, metadataCAs, findings);
        PLANNERS.forEach(planner -> planner.plan(plan));
        // delivers the trees, so it runs once their kustomizations are planned
        DeliveryPlanner delivery = DeliveryPlanner.of(topology.gitops().delivery());
        kustomizations(plan, delivery);
        delivery.plan(plan);
        plan.add(topologyPage(topology));
        if (findings.hasErrors()) {
            return Optional.empty();
        }
        // two headers for all files: building one per file would run its regular expression per object
        String yamlHeader = header("", topology.name(), sourceName);
        String markdownHeader = header(".md", topology.name(), sourceName);
        // A full mesh repeats each peer's objects in every other cluster: the 10,566 templated files of a
        // 100-cluster federation are 270 distinct calls. The documents are grouped by call (each call
        // hashed once), each call is rendered once, and its files share one content array, which the
        // parse, the self-check and the hashing below key by identity.
        Map<Call, List<Document>> byCall = new HashMap<>();
        plan.documents()
                .forEach(document -> byCall.computeIfAbsent(Call.of(document), call -> new ArrayList<>())
                        .add(document));
        List<Map.Entry<Call, List<Document>>> calls = new ArrayList<>(byCall.entrySet());
        List<TemplateFailure> refused = templates.checkUserTemplates();
        if (!refused.isEmpty()) {
            report(refused, findings);
            return Optional.empty();
        }
        ConcurrentLinkedQueue<TemplateFailure> failures = new ConcurrentLinkedQueue<>();
        List<byte[]> texts = calls.parallelStream()
                .map(entry -> {
                    Call call = entry.getKey();
                    try {
                        String text = templates.render(call.template(), call.model());
                        return ((call.markdown() ? markdownHeader : yamlHeader) + text)
                                .getBytes(StandardCharsets.UTF_8);
                    } catch (TemplateFailure failure) {
                        failures.add(failure);
                        return null;
                    }
                })
                .toList();
        if (!failures.isEmpty()) {
            report(failures, findings);
            return Optional.empty();
        }
        List<RenderedFile> files = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            for (Document document : calls.get(i).getValue()) {
                files.add(new RenderedFile(document.path(), Optional.of(document.template()), texts.get(i)));
            }
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        long start = System.nanoTime();
        Map<String, byte[]> byPath = new LinkedHashMap<>();
        files.forEach(file -> byPath.put(file.path(), file.content()));
        Map<String, LoadedDocument> documents = FleetObjects.parse(byPath);
        Map<byte[], LoadedDocument> byContent = new IdentityHashMap<>();
        files.forEach(file -> {
            LoadedDocument document = documents.get(file.path());
            if (document != null) {
                byContent.put(file.content(), document);
            }
        });
        long parseNanos = System.nanoTime() - start;
        start = System.nanoTime();
        FleetObjects objects = FleetObjects.of(documents);
        AccessMatrix own = new AccessEvaluator(topology, objects).matrix();
        AccessMatrix matrix = user.count() == 0
                ? own.including(user)
                : new AccessEvaluator(topology, objects.with(user)).matrix().including(user);
        List<RenderedFile> all = new ArrayList<>(files);
        all.add(new RenderedFile(
                Layout.ACCESS_PAGE,
                Optional.empty(),
                (markdownHeader + AccessReport.markdown(matrix)).getBytes(StandardCharsets.UTF_8)));
        long accessNanos = System.nanoTime() - start;
        all.sort((a, b) -> a.path().compareTo(b.path()));
        return Optional.of(new Rendering(
                List.copyOf(all), matrix, Collections.unmodifiableMap(byContent), parseNanos, accessNanos, own));
    }

    /**
     * One finding per failure, at the template's line and column. A template that renders
     * differently twice does so in every call, each time with other text: it gets one finding, the
     * first in print order, not one per call.
     */
    private static void report(Collection<TemplateFailure> failures, Findings findings) {
        Findings all = new Findings(findings.positions());
        for (TemplateFailure failure : failures) {
            all.inFile(failure.code(), failure.template(), failure.line(), failure.column(), "", failure.getMessage());
        }
        Set<String> irreproducible = new HashSet<>();
        all.sorted().stream()
                .filter(finding -> !finding.code().equals(FindingCode.NOT_REPRODUCIBLE.code())
                        || finding.line() > 0
                        || irreproducible.add(finding.file()))
                .forEach(finding -> findings.addAll(List.of(finding)));
    }

    /**
     * What a file's bytes depend on: its template, the template's data (records compare by value)
     * and which header it gets. Equal calls render equal bytes.
     */
    private record Call(String template, Record model, boolean markdown) {
        static Call of(Document document) {
            return new Call(
                    document.template(), document.model(), document.path().endsWith(".md"));
        }
    }

    /**
     * Every phase folder gets a kustomization listing its objects, and the cluster root one lists
     * the phase folders in apply order: with {@code sortOptions: fifo} kustomize keeps that order,
     * so `kubectl apply -k` turns the module settings on before DKP sees the peer objects. Under
     * Argo CD, which applies a whole tree in one sync, each phase folder stamps its objects with
     * the phase's sync wave (kustomize commonAnnotations: one place, every object alike).
     */
    private static void kustomizations(Plan plan, DeliveryPlanner delivery) {
        for (Cluster cluster : plan.topology().clusters()) {
            List<String> phases = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                List<String> resources =
                        plan.resources(cluster.name(), phase).stream().sorted().toList();
                if (!resources.isEmpty()) {
                    plan.add(Document.file(
                            Layout.kustomization(Layout.phaseFolder(cluster.name(), phase)),
                            Kustomization.TEMPLATE,
                            new Kustomization(
                                    resources,
                                    delivery.phaseAnnotations(phase, plan.customResources(cluster.name(), phase)))));
                    phases.add(phase.folder());
                }
            }
            // every member gets one, so `kubectl kustomize clusters/<cluster>` works even with nothing but components
            if (!phases.isEmpty() || !plan.topology().meshesOf(cluster.name()).isEmpty()) {
                plan.add(Document.file(
                        Layout.kustomization(Layout.clusterRoot(cluster.name())),
                        Kustomization.TEMPLATE,
                        Kustomization.of(phases)));
            }
        }
    }

    /**
     * {@code TOPOLOGY.md} at the root of the tree: the pull request that changes the topology shows
     * the new picture next to the changed objects. Fleet-wide (no cluster), so it is rewritten by
     * every render, partial ones included.
     */
    private static Document topologyPage(Topology topology) {
        return Document.file(
                Layout.TOPOLOGY_PAGE,
                "topology.md.ftl",
                new TopologyPage(
                        topology.name(),
                        MermaidGraph.render(topology),
                        topology.meshes().stream().map(MeshRow::of).toList()));
    }

    /**
     * The data of {@code topology.md.ftl}.
     *
     * @param mermaid the diagram, already escaped for Mermaid ({@link MermaidGraph})
     * @param meshes  the table's rows, in the topology's order
     */
    public record TopologyPage(String name, String mermaid, List<MeshRow> meshes) {}

    /** One row of the table of meshes in {@code TOPOLOGY.md}: type and provider as the topology spells them. */
    public record MeshRow(String name, String type, String provider, List<String> members) {
        static MeshRow of(Mesh mesh) {
            return new MeshRow(mesh.name(), mesh.type().label(), mesh.provider().label(), mesh.clusters());
        }
    }

    /**
     * The first lines of every file: where it came from and that hand edits are lost. YAML gets
     * comment lines, Markdown one HTML comment (which GitHub does not show).
     */
    static String header(String path, String topologyName, String sourceName) {
        String source =
                sourceName.substring(sourceName.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        if (path.endsWith(".md")) {
            // "--" could end the HTML comment early; topology names are DNS labels but file names are anything
            return "<!-- Rendered by dkp-mesh from topology \"" + topologyName + "\" (" + source.replace("--", "-&#45;")
                    + "). Do not edit: change the topology and render again with dkp-mesh. -->\n";
        }
        return "# Rendered by dkp-mesh from topology \"" + topologyName + "\" (" + source + "). Do not edit:\n"
                + "# change the topology and render again with dkp-mesh.\n";
    }

    /**
     * Who renders a provider's meshes. Exhaustive: a new provider does not compile until it names
     * its planners, so its meshes are never rendered by another provider's, nor dropped.
     */
    static List<Planner> planners(Provider provider) {
        return switch (provider) {
            case ISTIO -> List.of(new IstioPlanner(), new IstioServicePlanner());
            case CILIUM -> List.of(new CiliumPlanner());
        };
    }
}
