package io.dkpmesh.core.docs;

import io.dkpmesh.core.api.Links;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference of the topology format, generated from {@code schemas/topology.schema.json}: the
 * schema is the single source of structure and describes every field, so the docs cannot say
 * anything it does not. One table per object (field, type, required, default, constraints,
 * description), objects in the order a reader meets them from the root; value types such as
 * {@code clusterName} are inlined as their constraints.
 */
public final class ReferenceDocs {

    /** Where the generated page lives in the repository. */
    public static final String PATH = "docs/topology-reference.md";

    /**
     * How the page names the commands of the front end it documents: the engine spells none of
     * them, so that it serves any front end unchanged.
     *
     * @param update   regenerates the page after a schema change
     * @param schema   writes the schema to a file
     * @param validate checks the rules across fields
     */
    public record Commands(String update, String schema, String validate) {

        /** Commands named by what they do, for no particular front end. */
        public static final Commands NEUTRAL =
                new Commands("the reference docs generator", "the schema command", "validation");
    }

    private static final String DEFS = "#/$defs/";

    private final JsonNode root;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Section> pending = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();

    private final Commands commands;

    private ReferenceDocs(JsonNode root, Commands commands) {
        this.root = root;
        this.commands = commands;
    }

    /** The Markdown page for a schema's text, naming commands neutrally. */
    public static String markdown(String schemaText) {
        return markdown(schemaText, Commands.NEUTRAL);
    }

    /** The Markdown page for a schema's text, naming the commands of one front end. */
    public static String markdown(String schemaText, Commands commands) {
        return new ReferenceDocs(JsonMapper.builder().build().readTree(schemaText), commands).page();
    }

    /** An object to document: its heading and its schema. */
    private record Section(String title, JsonNode schema) {}

    private String page() {
        out.append("<!-- Generated from schemas/topology.schema.json. Do not edit: change the schema and run ")
                .append(commands.update())
                .append(" -->\n")
                .append("# topology.yaml reference\n\n")
                .append("Schema `$id`: `")
                .append(root.path("$id").asString(""))
                .append("` (JSON Schema draft 2020-12). ")
                .append("For completion in your editor, start `topology.yaml` with\n\n")
                .append("```yaml\n# yaml-language-server: $schema=")
                .append(Links.topologySchema())
                .append("\n```\n\n")
                .append("or write the schema to a file with ")
                .append(commands.schema())
                .append(". Rules across fields (unique names, references, ")
                .append("editions, subnets) are checked by ")
                .append(commands.validate())
                .append(", not by the schema.\n");
        enqueue("MeshTopology", root);
        while (!pending.isEmpty()) {
            section(pending.removeFirst());
        }
        return out.toString();
    }

    private void enqueue(String title, JsonNode schema) {
        if (queued.add(title)) {
            pending.addLast(new Section(title, schema));
        }
    }

    private void section(Section section) {
        List<JsonNode> chain = chain(section.schema());
        out.append("\n## ").append(section.title()).append("\n\n");
        description(chain).ifPresent(d -> out.append(text(d)).append("\n\n"));
        Set<String> required = new HashSet<>();
        first(chain, "required").ifPresent(list -> list.forEach(name -> required.add(name.asString())));
        out.append("| field | type | required | default | constraints | description |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> property :
                first(chain, "properties").orElseThrow().properties()) {
            String name = property.getKey();
            JsonNode schema = property.getValue();
            out.append("| `")
                    .append(name)
                    .append("` | ")
                    .append(type(section.title() + "." + name, schema))
                    .append(" | ")
                    .append(required.contains(name) ? "yes" : "")
                    .append(" | ")
                    .append(first(chain(schema), "default")
                            .map(d -> "`" + cell(value(d)) + "`")
                            .orElse(""))
                    .append(" | ")
                    .append(cell(constraints(schema)))
                    .append(" | ")
                    .append(description(chain(schema)).map(ReferenceDocs::text).orElse(""))
                    .append(" |\n");
        }
        List<String> rules = rules(chain);
        if (!rules.isEmpty()) {
            out.append('\n');
            rules.forEach(rule -> out.append("- ").append(rule).append('\n'));
        }
    }

    /**
     * The type column; an object gets a section of its own and a link to it. A {@code $ref} to a
     * definition names the section after the definition, an inline object after its path.
     */
    private String type(String path, JsonNode schema) {
        List<JsonNode> chain = chain(schema);
        if (first(chain, "properties").isPresent()) {
            String title = refName(schema)
                    .orElse(path.startsWith("MeshTopology.") ? path.substring("MeshTopology.".length()) : path);
            enqueue(title, schema);
            return "[" + title + "](#" + anchor(title) + ")";
        }
        String type = first(chain, "type").map(JsonNode::asString).orElse("any");
        if (type.equals("array")) {
            return "list of " + type(path + "[]", first(chain, "items").orElseThrow());
        }
        if (type.equals("object")
                && first(chain, "additionalProperties")
                        .filter(JsonNode::isObject)
                        .isPresent()) {
            return "map of "
                    + type(path + "{}", first(chain, "additionalProperties").get());
        }
        return type;
    }

    /** What the schema allows beyond the type: enums, patterns, lengths, ranges, counts. */
    private String constraints(JsonNode schema) {
        List<JsonNode> chain = chain(schema);
        List<String> parts = new ArrayList<>();
        first(chain, "const").ifPresent(c -> parts.add("always `" + value(c) + "`"));
        first(chain, "enum")
                .ifPresent(values -> parts.add("one of "
                        + stream(values).map(v -> "`" + value(v) + "`").collect(Collectors.joining(", "))));
        range(chain, "minLength", "maxLength", "character").ifPresent(parts::add);
        first(chain, "pattern").ifPresent(p -> parts.add("pattern `" + p.asString() + "`"));
        range(chain, "minimum", "maximum", "").ifPresent(parts::add);
        range(chain, "minItems", "maxItems", "item").ifPresent(parts::add);
        first(chain, "uniqueItems").filter(JsonNode::asBoolean).ifPresent(u -> parts.add("no duplicates"));
        if (first(chain, "properties").isEmpty()) {
            // an object with fields says this in its own section, as a rule
            range(chain, "minProperties", "maxProperties", "entry").ifPresent(parts::add);
        }
        first(chain, "items").map(this::constraints).filter(c -> !c.isEmpty()).ifPresent(c -> parts.add("each: " + c));
        first(chain, "propertyNames")
                .map(this::constraints)
                .filter(c -> !c.isEmpty())
                .ifPresent(c -> parts.add("keys: " + c));
        first(chain, "additionalProperties")
                .filter(JsonNode::isObject)
                .map(this::constraints)
                .filter(c -> !c.isEmpty())
                .ifPresent(c -> parts.add("values: " + c));
        return String.join("; ", parts);
    }

    /** A bound or two, such as {@code 1 to 63 characters} or {@code at least 1 item}; {@code unit} is singular, or empty. */
    private static Optional<String> range(List<JsonNode> chain, String min, String max, String unit) {
        Optional<JsonNode> low = first(chain, min);
        Optional<JsonNode> high = first(chain, max);
        if (low.isPresent() && high.isPresent()) {
            return Optional.of(low.get() + " to " + count(high.get(), unit));
        }
        return low.map(l -> "at least " + count(l, unit)).or(() -> high.map(h -> "at most " + count(h, unit)));
    }

    private static String count(JsonNode number, String unit) {
        if (unit.isEmpty()) {
            return number.toString();
        }
        String plural = unit.endsWith("y") ? unit.substring(0, unit.length() - 1) + "ies" : unit + "s";
        return number + " " + (number.asInt() == 1 ? unit : plural);
    }

    /** Rules that span fields of one object: conditional requirements and alternatives. */
    private List<String> rules(List<JsonNode> chain) {
        List<String> rules = new ArrayList<>();
        first(chain, "minProperties").ifPresent(n -> rules.add("Give at least " + count(n, "field") + "."));
        first(chain, "allOf")
                .ifPresent(all -> stream(all)
                        .filter(rule -> rule.has("if") && rule.has("then"))
                        .forEach(rule -> {
                            String condition = stream(rule.path("if").path("properties"))
                                    .map(p -> p.path("description").asString(""))
                                    .map(d -> d.replaceFirst("^Condition: ", "").replaceFirst("\\.$", ""))
                                    .collect(Collectors.joining(" and "));
                            rules.add("When " + text(condition) + ": "
                                    + names(rule.path("then").path("required")) + " required.");
                        }));
        first(chain, "oneOf")
                .ifPresent(one -> rules.add("Exactly one of "
                        + stream(one).map(alt -> names(alt.path("required"))).collect(Collectors.joining(", ")) + "."));
        return rules;
    }

    private static String names(JsonNode list) {
        return stream(list).map(n -> "`" + n.asString() + "`").collect(Collectors.joining(", "));
    }

    /** The schema and every definition its {@code $ref}s lead to: a keyword counts where it is first found. */
    private List<JsonNode> chain(JsonNode schema) {
        List<JsonNode> chain = new ArrayList<>();
        JsonNode at = schema;
        while (at != null && chain.size() < 16) {
            chain.add(at);
            String ref = at.path("$ref").asString("");
            at = ref.startsWith(DEFS) ? root.path("$defs").get(ref.substring(DEFS.length())) : null;
        }
        return chain;
    }

    private Optional<String> refName(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith(DEFS) ? Optional.of(ref.substring(DEFS.length())) : Optional.empty();
    }

    private static Optional<JsonNode> first(List<JsonNode> chain, String keyword) {
        return chain.stream()
                .filter(node -> node.has(keyword))
                .map(node -> node.get(keyword))
                .findFirst();
    }

    private static Optional<String> description(List<JsonNode> chain) {
        return first(chain, "description").map(JsonNode::asString);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }

    private static String value(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /** Prose from the schema: {@code <} would start an HTML tag, {@code |} end a table cell. */
    private static String text(String prose) {
        return cell(prose).replace("<", "&lt;");
    }

    /** Code spans and prose alike: GitHub tables need {@code |} escaped even inside code spans. */
    private static String cell(String value) {
        return value.replace("|", "\\|").replace("\n", " ");
    }
}
