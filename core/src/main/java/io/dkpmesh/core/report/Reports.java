package io.dkpmesh.core.report;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    static final String INFORMATION_URI = "https://dkp-mesh.io";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    // The default printer ends lines with the platform separator; reports must not depend on the OS.
    private static final ObjectWriter WRITER = MAPPER.writer().with(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private static final Map<String, FindingCode> CODES = Arrays.stream(FindingCode.values())
            .collect(Collectors.toUnmodifiableMap(FindingCode::code, Function.identity()));

    private Reports() {
    }

    /**
     * Writes {@code report.json} and {@code report.sarif} into {@code reportDirectory}, creating it.
     *
     * @param findings        every finding of the run, errors and warnings, in print order
     * @param reportDirectory where the two files go
     * @param toolVersion     the dkp-mesh version that found them
     * @param topologyUri     the topology file as a relative URI with forward slashes, as a
     *                        repository would name it (for example {@code topology.yaml})
     */
    public static void write(List<Finding> findings, Path reportDirectory, String toolVersion, String topologyUri)
            throws IOException {
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(topologyUri, "topologyUri");
        Files.createDirectories(reportDirectory);
        write(reportDirectory.resolve(JSON_FILE), json(findings, toolVersion, topologyUri));
        write(reportDirectory.resolve(SARIF_FILE), sarif(findings, toolVersion, topologyUri));
    }

    /** The content of {@code report.json}. */
    static ObjectNode json(List<Finding> findings, String toolVersion, String topologyUri) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", TOOL_NAME);
        tool.put("version", toolVersion);
        root.put("topology", uri(topologyUri));
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

    /** The content of {@code report.sarif}: one run, one rule per finding code used. */
    static ObjectNode sarif(List<Finding> findings, String toolVersion, String topologyUri) {
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
            FindingCode code = CODES.get(rule.getKey());
            ObjectNode item = rules.addObject();
            item.put("id", rule.getKey());
            if (code != null) {
                item.put("name", ruleName(code));
            }
            item.putObject("shortDescription").put("text", code == null ? rule.getKey() : code.summary());
        }

        ArrayNode artifacts = run.putArray("artifacts");
        artifacts.addObject().putObject("location").put("uri", uri(topologyUri));

        ArrayNode results = run.putArray("results");
        for (Finding finding : findings) {
            ObjectNode result = results.addObject();
            result.put("ruleId", finding.code());
            result.put("ruleIndex", ruleIndex.get(finding.code()));
            result.put("level", finding.isError() ? "error" : "warning");
            String pointer = finding.pointer().isEmpty() ? "/" : finding.pointer();
            result.putObject("message").put("text", pointer + ": " + finding.message());
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(finding.file()));
            if (finding.line() > 0) {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", finding.line());
                region.put("startColumn", Math.max(finding.column(), 1));
            }
        }
        return root;
    }

    /** {@code EDITION} becomes {@code Edition}, {@code SUBNET_OVERLAP} becomes {@code SubnetOverlap}. */
    private static String ruleName(FindingCode code) {
        StringBuilder name = new StringBuilder();
        for (String word : code.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /** SARIF wants relative URIs with forward slashes; Windows paths would break code scanning. */
    private static String uri(String file) {
        String uri = file.replace('\\', '/');
        while (uri.startsWith("./")) {
            uri = uri.substring(2);
        }
        return uri;
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
            }
        }
        ArrayNode access = root.putArray("access");
        for (ChangePlan.AccessChange change : plan.access()) {
            ObjectNode c = access.addObject();
            c.put("action", change.added() ? "added" : "removed");
            c.put("edge", change.edge());
        }
        write(reportDirectory.resolve(PLAN_JSON), root);
        Files.writeString(reportDirectory.resolve(PLAN_MD), planMarkdown(plan, topologyUri), StandardCharsets.UTF_8);
    }

    /** The plan as Markdown: one table per cluster. Names are DNS labels, so they need no escaping. */
    public static String planMarkdown(ChangePlan plan, String topologyUri) {
        StringBuilder md = new StringBuilder("## dkp-mesh plan for `").append(topologyUri.replace("`", "")).append("`\n\n");
        if (plan.isEmpty()) {
            return md.append("No changes: the rendered tree is up to date.\n").toString();
        }
        md.append(plan.count(Action.ADDED)).append(" to add, ").append(plan.count(Action.CHANGED)).append(" to change, ")
                .append(plan.count(Action.REMOVED)).append(" to remove.\n");
        if (!plan.access().isEmpty()) {
            md.append("\n### Access changes\n\nCallers that become admitted (+) or stop being admitted (-), from the rendered policies:\n\n```diff\n");
            plan.access().forEach(change -> md.append(change.line()).append('\n'));
            md.append("```\n");
        }
        for (ChangePlan.ClusterChanges cluster : plan.clusters()) {
            md.append("\n### ").append(cluster.cluster()).append("\n\n| change | kind | name | file |\n|---|---|---|---|\n");
            for (ObjectChange change : cluster.changes()) {
                String name = change.namespace().isEmpty() ? change.name() : change.namespace() + "/" + change.name();
                md.append("| ").append(change.action().label()).append(" | ").append(change.kind()).append(" | ").append(name)
                        .append(" | `").append(change.path()).append("` |\n");
            }
        }
        return md.toString();
    }

    private static void write(Path file, ObjectNode content) throws IOException {
        String text = WRITER.writeValueAsString(content) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
