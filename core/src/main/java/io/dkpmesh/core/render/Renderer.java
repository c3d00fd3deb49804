package io.dkpmesh.core.render;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.TemplateEngine.TemplateFailure;
import java.nio.charset.StandardCharsets;
import io.dkpmesh.core.render.Document.Phase;
import io.dkpmesh.core.model.Gitops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final List<Planner> PLANNERS = List.of(new IstioPlanner(), new IstioServicePlanner(), new CiliumPlanner());

    /** Delivers the trees, so it runs once their kustomizations are planned. */
    private static final Planner DELIVERY = new GitopsPlanner();

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
        DELIVERY.plan(plan);
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

    /**
     * Every phase folder gets a kustomization listing its objects, and the cluster root one lists
     * the phase folders in apply order: with {@code sortOptions: fifo} kustomize keeps that order,
     * so `kubectl apply -k` turns the module settings on before DKP sees the peer objects. Under
     * Argo CD, which applies a whole tree in one sync, each phase folder stamps its objects with
     * the phase's sync wave (kustomize commonAnnotations: one place, every object alike).
     */
    private static void kustomizations(Plan plan) {
        for (Cluster cluster : plan.topology().clusters()) {
            List<String> phases = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                String folder = "clusters/" + cluster.name() + "/" + phase.folder() + "/";
                List<String> resources = plan.documents().stream()
                        .filter(document -> document.resource() && document.path().startsWith(folder))
                        .map(document -> document.path().substring(folder.length()))
                        .sorted()
                        .toList();
                if (!resources.isEmpty()) {
                    Map<String, Object> model = new LinkedHashMap<>();
                    model.put("resources", resources);
                    if (plan.topology().gitops().tool().equals(Gitops.ARGOCD)) {
                        model.put("annotations", GitopsPlanner.argocdAnnotations(phase));
                    }
                    plan.add(Document.clusterFile(cluster.name(), phase.folder() + "/kustomization.yaml", "kustomization.yaml.ftl", model));
                    phases.add(phase.folder());
                }
            }
            if (!phases.isEmpty()) {
                plan.add(Document.clusterFile(cluster.name(), "kustomization.yaml", "kustomization.yaml.ftl", Map.of("resources", phases)));
            }
        }
    }

    /** The first lines of every file: where it came from and that hand edits are lost. */
    static String header(String topologyName, String sourceName) {
        String source = sourceName.substring(sourceName.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return "# Rendered by dkp-mesh from topology \"" + topologyName + "\" (" + source + "). Do not edit:\n"
                + "# change the topology and run `mvn dkp-mesh:render`.\n";
    }
}
