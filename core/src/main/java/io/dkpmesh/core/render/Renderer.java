package io.dkpmesh.core.render;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.render.TemplateEngine.TemplateFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The render step: renders the documents of a {@link Plan} through the templates. Pure: the same
 * plan gives the same bytes, and nothing here touches the file system.
 */
public final class Renderer {

    private final TemplateEngine templates;

    public Renderer(TemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * The render step: each planned document through its template, behind the header.
     *
     * @param plan       the documents the plan step decided on ({@link Planning})
     * @param sourceName how the header names the topology file (its file name: no absolute paths in output)
     * @return the files in path order; empty with findings added when something failed
     */
    public Optional<List<RenderedFile>> render(Plan plan, String sourceName, Findings findings) {
        // two headers for all files: building one per file would run its regular expression per object
        String yamlHeader = header("", plan.topology().name(), sourceName);
        String markdownHeader = header(".md", plan.topology().name(), sourceName);
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
        return Optional.of(List.copyOf(files));
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
     * The first lines of every file: where it came from and that hand edits are lost. YAML gets
     * comment lines, Markdown one HTML comment (which GitHub does not show).
     */
    public static String header(String path, String topologyName, String sourceName) {
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
}
