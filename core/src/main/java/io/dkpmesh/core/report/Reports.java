package io.dkpmesh.core.report;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Links;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Json;
import io.dkpmesh.core.render.MarkdownText;
import io.dkpmesh.core.validate.TopologyValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the findings of a validation as {@code report.json} (our own format, for scripts) and
 * {@code report.sarif} (SARIF 2.1.0, for GitHub code scanning and other SARIF viewers).
 *
 * <p>Both files are deterministic: keys in a fixed order, findings in the order given, UTF-8,
 * {@code \n} line ends and no timestamps, so a report can be committed or diffed.
 */
public final class Reports {

    public static final String JSON_FILE = "report.json";
    public static final String SARIF_FILE = "report.sarif";

    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SARIF_VERSION = "2.1.0";
    static final String TOOL_NAME = "dkp-mesh";
    static final String INFORMATION_URI = Links.REPOSITORY;

    private static final JsonMapper MAPPER = Json.MAPPER;

    /**
     * The one JSON writer of every report: two-space indentation and {@code \n} line ends (the default
     * printer ends lines with the platform separator; reports must not depend on the OS).
     */
    public static final ObjectWriter WRITER = MAPPER.writer()
            .with(new DefaultPrettyPrinter()
                    .withSeparators(
                            Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private static final Map<String, FindingCode> CODES = Arrays.stream(FindingCode.values())
            .collect(Collectors.toUnmodifiableMap(FindingCode::code, Function.identity()));

    private Reports() {}

    /**
     * Writes {@code report.json} and {@code report.sarif} into {@code reportDirectory}, creating it.
     *
     * @param findings        every finding of the run, errors and warnings, in print order; their
     *                        files relative to the working directory or absolute
     * @param reportDirectory where the two files go
     * @param toolVersion     the dkp-mesh version that found them
     * @param topology        the topology file; the repository it lies in (the nearest folder
     *                        with {@code .git}, else its own folder) is the root every location
     *                        in the reports is relative to, as code scanning expects
     */
    public static void write(List<Finding> findings, Path reportDirectory, String toolVersion, Path topology)
            throws IOException {
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Locations locations = new Locations(topology);
        Files.createDirectories(reportDirectory);
        write(reportDirectory.resolve(JSON_FILE), json(findings, toolVersion, locations));
        write(reportDirectory.resolve(SARIF_FILE), sarif(findings, toolVersion, locations));
    }

    /** The content of {@code report.json}. */
    static ObjectNode json(List<Finding> findings, String toolVersion, Locations locations) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", TOOL_NAME);
        tool.put("version", toolVersion);
        root.put("topology", locations.topologyUri());
        long errors = findings.stream().filter(Finding::isError).count();
        root.put("errors", errors);
        root.put("warnings", findings.size() - errors);
        ArrayNode list = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode item = list.addObject();
            item.put("code", finding.code());
            item.put("severity", finding.severity().label());
            item.put("file", finding.file());
            item.put("line", finding.line());
            item.put("column", finding.column());
            item.put("pointer", finding.pointer());
            item.put("message", finding.message());
        }
        return root;
    }

    /**
     * The content of {@code report.sarif}: one run, one rule per finding code used, each with the
     * full description, help and help link GitHub code scanning requires, and every location
     * relative to the repository root ({@code uriBaseId} {@value #SRCROOT}), the same in results
     * and {@code artifacts}.
     */
    static ObjectNode sarif(List<Finding> findings, String toolVersion, Locations locations) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", SARIF_VERSION);
        ObjectNode run = root.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        driver.put("version", toolVersion);
        driver.put("informationUri", INFORMATION_URI);
        // sorted by id so the rule index of a code does not depend on which finding came first
        Map<String, Integer> ruleIndex = new TreeMap<>();
        findings.forEach(finding -> ruleIndex.put(finding.code(), 0));
        ArrayNode rules = driver.putArray("rules");
        int index = 0;
        for (Map.Entry<String, Integer> rule : ruleIndex.entrySet()) {
            rule.setValue(index++);
            rule(rules.addObject(), rule.getKey());
        }

        run.putObject("originalUriBaseIds")
                .putObject(SRCROOT)
                .putObject("description")
                .put("text", "The root of the repository that holds the topology.");

        // the topology first, then every other file a finding names, each once
        Map<String, Integer> artifactIndex = new LinkedHashMap<>();
        artifactIndex.put(locations.topologyUri(), 0);
        findings.stream()
                .map(f -> locations.uri(f.file()))
                .sorted()
                .forEach(uri -> artifactIndex.putIfAbsent(uri, artifactIndex.size()));
        ArrayNode artifacts = run.putArray("artifacts");
        for (String uri : artifactIndex.keySet()) {
            ObjectNode artifact = artifacts.addObject();
            artifactLocation(artifact.putObject("location"), uri, -1);
            // the topology and the rendered files are what was analysed
            artifact.putArray("roles").add("analysisTarget");
        }

        ArrayNode results = run.putArray("results");
        for (Finding finding : findings) {
            ObjectNode result = results.addObject();
            result.put("ruleId", finding.code());
            result.put("ruleIndex", ruleIndex.get(finding.code()));
            result.put("level", finding.isError() ? "error" : "warning");
            String pointer = finding.pointer().isEmpty() ? "/" : finding.pointer();
            result.putObject("message").put("text", FindingHelp.sentence(pointer + ": " + finding.message()));
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            String uri = locations.uri(finding.file());
            artifactLocation(physical.putObject("artifactLocation"), uri, artifactIndex.get(uri));
            // a finding about a whole file points at its start: code scanning shows a result at a line
            ObjectNode region = physical.putObject("region");
            region.put("startLine", Math.max(finding.line(), 1));
            region.put("startColumn", Math.max(finding.column(), 1));
        }
        return root;
    }

    private static void rule(ObjectNode item, String id) {
        FindingCode code = CODES.get(id);
        item.put("id", id);
        if (code == null) {
            // a finding code this version does not know (never emitted by the engine itself)
            item.putObject("shortDescription").put("text", id);
            item.putObject("fullDescription").put("text", id + ".");
            ObjectNode help = item.putObject("help");
            help.put("text", "See the page of finding codes.");
            help.put("markdown", "See the [finding codes](" + FindingHelp.FINDINGS_PAGE + ").");
            item.put("helpUri", FindingHelp.FINDINGS_PAGE);
            return;
        }
        FindingHelp help = FindingHelp.of(code);
        item.put("name", ruleName(code));
        item.putObject("shortDescription").put("text", code.summary());
        item.putObject("fullDescription").put("text", help.meaning());
        ObjectNode helpNode = item.putObject("help");
        helpNode.put("text", help.text());
        helpNode.put("markdown", help.markdown(id));
        item.put("helpUri", Links.finding(id));
    }

    /** Relative URIs are resolved against the repository root; a file outside it keeps its absolute {@code file:} URI. */
    private static void artifactLocation(ObjectNode location, String uri, int index) {
        location.put("uri", uri);
        if (!uri.startsWith("file:")) {
            location.put("uriBaseId", SRCROOT);
        }
        if (index >= 0) {
            location.put("index", index);
        }
    }

    /** The uriBaseId GitHub code scanning and most SARIF viewers resolve to the checked-out repository. */
    static final String SRCROOT = "%SRCROOT%";

    /**
     * Turns the file names findings carry (relative to the working directory, or absolute) into
     * URIs relative to the repository root, so the reports mean the same from any folder.
     */
    static final class Locations {
        private final Path root;
        private final String topologyUri;

        Locations(Path topology) {
            Path file = topology.toAbsolutePath().normalize();
            Path folder = file.getParent();
            this.root = TopologyValidator.repositoryRoot(folder);
            this.topologyUri = uri(file.toString());
        }

        String topologyUri() {
            return topologyUri;
        }

        /** {@code config/topology.yaml}, with forward slashes; outside the repository a {@code file:} URI. */
        String uri(String file) {
            Path path;
            try {
                path = Path.of(file).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return file.replace('\\', '/');
            }
            if (!path.startsWith(root)) {
                return path.toUri().toString();
            }
            String relative = root.relativize(path).toString().replace('\\', '/');
            return relative.isEmpty() ? "." : relative;
        }
    }

    /** {@code EDITION} becomes {@code Edition}, {@code SUBNET_OVERLAP} becomes {@code SubnetOverlap}. */
    private static String ruleName(FindingCode code) {
        StringBuilder name = new StringBuilder();
        for (String word : code.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    public static final String PLAN_JSON = "plan.json";
    public static final String PLAN_MD = "plan.md";

    /** Writes the {@code diff} plan as {@code plan.json} and {@code plan.md} (for a pull-request comment). */
    public static void writePlan(ChangePlan plan, Path reportDirectory, String topologyUri) throws IOException {
        Files.createDirectories(reportDirectory);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("topology", topologyUri);
        ObjectNode totals = root.putObject("totals");
        for (Action action : Action.values()) {
            totals.put(action.label(), plan.count(action));
        }
        ArrayNode clusters = root.putArray("clusters");
        for (ChangePlan.ClusterChanges cluster : plan.clusters()) {
            ObjectNode entry = clusters.addObject();
            entry.put("cluster", cluster.cluster());
            ArrayNode changes = entry.putArray("changes");
            for (ObjectChange change : cluster.changes()) {
                ObjectNode c = changes.addObject();
                c.put("action", change.action().label());
                c.put("kind", change.kind());
                c.put("name", change.name());
                if (!change.namespace().isEmpty()) {
                    c.put("namespace", change.namespace());
                }
                c.put("path", change.path());
                c.put("cause", change.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (!change.fields().isEmpty()) {
                    ArrayNode fields = c.putArray("fields");
                    for (ChangePlan.FieldChange field : change.fields()) {
                        ObjectNode f = fields.addObject();
                        f.put("field", field.field());
                        field.before().ifPresent(v -> f.put("before", v));
                        field.after().ifPresent(v -> f.put("after", v));
                    }
                }
            }
        }
        ArrayNode access = root.putArray("access");
        for (ChangePlan.AccessChange change : plan.access()) {
            ObjectNode c = access.addObject();
            c.put("action", change.added() ? "added" : "removed");
            c.put("edge", change.edge());
        }
        ArrayNode transitions = root.putArray("transitions");
        for (ChangePlan.Transition transition : plan.transitions()) {
            ObjectNode t = transitions.addObject();
            Finding finding = transition.finding();
            t.put("code", finding.code());
            t.put("severity", finding.severity().label());
            t.put("file", finding.file());
            t.put("line", finding.line());
            t.put("column", finding.column());
            t.put("pointer", finding.pointer());
            t.put("message", finding.message());
            ArrayNode steps = t.putArray("steps");
            for (ChangePlan.Step step : transition.steps()) {
                ObjectNode one = steps.addObject();
                one.put("text", step.text());
                ArrayNode touched = one.putArray("clusters");
                step.clusters().forEach(touched::add);
            }
        }
        write(reportDirectory.resolve(PLAN_JSON), root);
        Files.writeString(reportDirectory.resolve(PLAN_MD), planMarkdown(plan, topologyUri), StandardCharsets.UTF_8);
    }

    /**
     * The plan as Markdown: one table per cluster, then what changes inside each changed object,
     * field by field, and whether a change undoes an edit made by hand in the tree.
     */
    public static String planMarkdown(ChangePlan plan, String topologyUri) {
        StringBuilder md = new StringBuilder("## dkp-mesh plan for `")
                .append(topologyUri.replace("`", ""))
                .append("`\n\n");
        if (plan.isEmpty()) {
            return md.append("No changes: the rendered tree is up to date.\n").toString();
        }
        md.append(plan.count(Action.ADDED))
                .append(" to add, ")
                .append(plan.count(Action.CHANGED))
                .append(" to change, ")
                .append(plan.count(Action.REMOVED))
                .append(" to remove.\n");
        long handEdits = plan.clusters().stream()
                .flatMap(c -> c.changes().stream())
                .filter(c -> c.cause() != ChangePlan.Cause.TOPOLOGY)
                .count();
        if (handEdits > 0) {
            md.append("\n**")
                    .append(handEdits)
                    .append(handEdits == 1 ? " file was" : " files were")
                    .append(
                            " edited by hand** in the tree; render puts back what the topology says. Make lasting changes in the topology.\n");
        }
        if (!plan.transitions().isEmpty()) {
            md.append("\n### Transitions\n\nWhat the running clusters cannot simply take, and the order that"
                    + " makes each safe:\n");
            for (ChangePlan.Transition transition : plan.transitions()) {
                Finding finding = transition.finding();
                md.append("\n- **")
                        .append(finding.code())
                        .append("** `")
                        .append(finding.file().replace("`", "'"))
                        .append(finding.line() > 0 ? ":" + finding.line() : "")
                        .append("`: ")
                        .append(MarkdownText.escape(finding.message()))
                        .append('\n');
                for (int i = 0; i < transition.steps().size(); i++) {
                    md.append("  ")
                            .append(i + 1)
                            .append(". ")
                            .append(MarkdownText.escape(
                                    transition.steps().get(i).text()))
                            .append(
                                    transition.steps().get(i).clusters().isEmpty()
                                            ? ""
                                            : " (clusters: "
                                                    + String.join(
                                                            ", ",
                                                            transition
                                                                    .steps()
                                                                    .get(i)
                                                                    .clusters())
                                                    + ")")
                            .append('\n');
                }
            }
        }
        if (!plan.access().isEmpty()) {
            md.append(
                    "\n### Access changes\n\nCallers that become admitted (+) or stop being admitted (-), from the rendered policies:\n\n```diff\n");
            plan.access().forEach(change -> md.append(change.line()).append('\n'));
            md.append("```\n");
        }
        for (ChangePlan.ClusterChanges cluster : plan.clusters()) {
            md.append("\n### ")
                    .append(cluster.cluster())
                    .append("\n\n| change | kind | name | why | file |\n|---|---|---|---|---|\n");
            for (ObjectChange change : cluster.changes()) {
                md.append("| ")
                        .append(change.action().label())
                        .append(" | ")
                        .append(change.kind())
                        .append(" | ")
                        .append(objectName(change))
                        .append(" | ")
                        .append(change.cause().label())
                        .append(" | `")
                        .append(change.path())
                        .append("` |\n");
            }
            for (ObjectChange change : cluster.changes()) {
                if (change.fields().isEmpty()) {
                    continue;
                }
                md.append("\n")
                        .append(change.kind())
                        .append(" `")
                        .append(objectName(change))
                        .append("`:\n\n")
                        .append("| field | before | after |\n|---|---|---|\n");
                for (ChangePlan.FieldChange field : change.fields()) {
                    md.append("| `")
                            .append(field.field())
                            .append("` | ")
                            .append(cell(field.before()))
                            .append(" | ")
                            .append(cell(field.after()))
                            .append(" |\n");
                }
            }
        }
        return md.toString();
    }

    /** One line per field: {@code spec.metadataEndpoint: 'https://a/' -> 'https://b/'}, for a console. */
    public static List<String> fieldLines(ObjectChange change) {
        return change.fields().stream()
                .map(f -> f.field() + ": " + f.before().map(Text::quote).orElse("(none)") + " -> "
                        + f.after().map(Text::quote).orElse("(none)"))
                .toList();
    }

    private static String objectName(ObjectChange change) {
        return change.namespace().isEmpty() ? change.name() : change.namespace() + "/" + change.name();
    }

    /** A value in a Markdown table cell: as code, its pipes and backticks unable to break the table. */
    private static String cell(java.util.Optional<String> value) {
        return value.map(v -> "`" + Text.quote(v).replace("`", "'").replace("|", "\\|") + "`")
                .orElse("—");
    }

    private static void write(Path file, ObjectNode content) throws IOException {
        String text = WRITER.writeValueAsString(content) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
