package io.dkpmesh.core.render;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.TemplateEngine.TemplateFailure;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Plans the documents of every model, then renders them through the templates. Pure: the same
 * topology gives the same bytes, and nothing here touches the file system.
 */
public final class Renderer {

    private static final List<Planner> PLANNERS = List.of(new IstioPlanner(), new CiliumPlanner());

    private final TemplateEngine templates;

    public Renderer(TemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * @param sourceName how the header names the topology file (its file name: no absolute paths in output)
     * @return the files in path order; empty with findings added when something failed
     */
    public Optional<List<RenderedFile>> render(Topology topology, Map<String, String> metadataCAs, String sourceName, Findings findings) {
        Plan plan = new Plan(topology, metadataCAs, findings);
        PLANNERS.forEach(planner -> planner.plan(plan));
        kustomizations(plan);
        if (findings.hasErrors()) {
            return Optional.empty();
        }
        String header = header(topology.name(), sourceName);
        ConcurrentLinkedQueue<TemplateFailure> failures = new ConcurrentLinkedQueue<>();
        List<RenderedFile> files = plan.documents().parallelStream().map(document -> {
            try {
                String text = templates.render(document.template(), document.model());
                return new RenderedFile(document.cluster(), document.path(), Optional.of(document.template()),
                        (header + text).getBytes(StandardCharsets.UTF_8));
            } catch (TemplateFailure failure) {
                failures.add(failure);
                return null;
            }
        }).filter(Objects::nonNull).sorted((a, b) -> a.path().compareTo(b.path())).toList();
        for (TemplateFailure failure : failures) {
            findings.inFile(FindingCode.TEMPLATE, failure.template(), failure.line(), "", failure.getMessage());
        }
        return failures.isEmpty() ? Optional.of(files) : Optional.empty();
    }

    /** Every cluster with documents gets a root kustomization listing its resources in order. */
    private static void kustomizations(Plan plan) {
        for (Cluster cluster : plan.topology().clusters()) {
            String prefix = "clusters/" + cluster.name() + "/";
            // listed modules first, then by path; with sortOptions fifo kustomize keeps this order,
            // so `kubectl apply -k` turns the module settings on before DKP sees the peer objects
            List<String> resources = plan.documents().stream()
                    .filter(document -> document.resource() && document.cluster().equals(Optional.of(cluster.name())))
                    .sorted(Comparator.comparing(Document::phase).thenComparing(Document::path))
                    .map(document -> document.path().substring(prefix.length()))
                    .toList();
            if (resources.isEmpty()) {
                continue;
            }
            plan.add(Document.clusterFile(cluster.name(), "kustomization.yaml", "kustomization.yaml.ftl", Map.of("resources", resources)));
        }
    }

    /** The first lines of every file: where it came from and that hand edits are lost. */
    static String header(String topologyName, String sourceName) {
        String source = sourceName.substring(sourceName.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return "# Rendered by dkp-mesh from topology \"" + topologyName + "\" (" + source + "). Do not edit:\n"
                + "# change the topology and run `mvn dkp-mesh:render`.\n";
    }
}
