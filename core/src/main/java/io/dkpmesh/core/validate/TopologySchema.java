package io.dkpmesh.core.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.path.NodePath;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import io.dkpmesh.core.load.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Validates a loaded topology against {@code schemas/topology.schema.json}, the single source of
 * its structure, and turns each violation into a finding at the offending line, in words: the
 * schema's own descriptions and examples say what was expected, never a regular expression.
 */
public final class TopologySchema {

    public static final String RESOURCE = "io/dkpmesh/schemas/topology.schema.json";

    private final Schema schema;
    private final JsonNode root;

    public TopologySchema() {
        SchemaRegistry registry = JsonSchemas.registry();
        this.root = Resources.json(RESOURCE);
        this.schema = registry.getSchema(root);
    }

    /** The schema text, for the {@code schema} goal and the reference docs. */
    public static String text() {
        return Resources.text(RESOURCE);
    }

    public void validate(JsonNode document, Findings findings) {
        List<Error> errors = schema.validate(document);
        // a misspelt field is one mistake: its "unknown" finding suggests the required field it
        // was meant to be, and the "missing" finding of that field would only repeat it
        Set<String> suggested = new HashSet<>();
        for (Error error : errors) {
            if (isUnknownField(error)) {
                String at = JsonSchemas.pointer(error.getInstanceLocation());
                closestField(error).ifPresent(field -> suggested.add(JsonPointer.child(at, field)));
            }
        }
        for (Error error : errors) {
            report(error, document, findings, suggested);
        }
    }

    private static boolean isUnknownField(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return keyword.equals("additionalProperties") || keyword.equals("unevaluatedProperties");
    }

    private void report(Error error, JsonNode document, Findings findings, Set<String> suggested) {
        String at = JsonSchemas.pointer(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode value = error.getInstanceNode();
        Walk walk = walk(error.getEvaluationPath());
        switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> {
                String field = JsonPointer.child(at, error.getProperty());
                Optional<String> closest = closestField(error);
                String hint = closest.map(known -> "; did you mean `" + known + "`?"
                                + (known.equalsIgnoreCase(error.getProperty())
                                        ? " (field names are case-sensitive)"
                                        : ""))
                        .orElse("; " + walk.kind() + " has the fields " + String.join(", ", knownFields(error))
                                + " (check the indentation too: a field indented too far lands in the object above)");
                findings.errorAtKey(
                        FindingCode.UNKNOWN_FIELD,
                        field,
                        "unknown field " + Text.quote(error.getProperty()) + " in " + object(walk, document, at)
                                + hint);
            }
            case "required" -> {
                String field = JsonPointer.child(at, error.getProperty());
                if (suggested.contains(field)) {
                    return;
                }
                findings.error(
                        FindingCode.MISSING_FIELD,
                        field,
                        "required field " + Text.quote(error.getProperty()) + " is missing in "
                                + object(walk, document, at)
                                + walk.condition()
                                        .map(c -> "; it is required because " + c)
                                        .orElse(""));
            }
            case "type" -> {
                boolean oneForMany = value != null
                        && value.isValueNode()
                        && error.getSchemaNode().asString("").equals("array");
                // 1.70, 8080 or true where text is expected: YAML read the unquoted scalar as a
                // number or boolean (1.70 even as 1.7), so the fix is quotes, not another value
                boolean unquoted = value != null
                        && (value.isNumber() || value.isBoolean())
                        && error.getSchemaNode().asString("").equals("string");
                findings.error(
                        FindingCode.SCHEMA_TYPE,
                        at,
                        "expected " + typeInWords(error.getSchemaNode()) + ", got " + describe(value)
                                + (oneForMany
                                        ? "; write a single item as a list: [" + value.asString() + "]"
                                        : unquoted
                                                ? "; YAML reads an unquoted " + value + " as a "
                                                        + (value.isNumber() ? "number" : "boolean")
                                                        + ": put it in quotes, " + Text.quote(value.toString())
                                                : walk.example()
                                                        .map(e -> ", for example " + e)
                                                        .orElse("")));
            }
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                error.getSchemaNode().forEach(v -> allowed.add(v.isString() ? v.asString() : v.toString()));
                Optional<String> same = value != null && value.isString()
                        ? allowed.stream()
                                .filter(a -> a.equalsIgnoreCase(value.asString().trim()))
                                .findFirst()
                        : Optional.empty();
                findings.error(
                        FindingCode.SCHEMA_ENUM,
                        at,
                        describe(value) + " is not one of " + String.join(", ", allowed)
                                + same.map(s -> "; did you mean " + Text.quote(s) + "? (the values are case-sensitive)")
                                        .orElse(""));
            }
            case "const" ->
                findings.error(
                        FindingCode.SCHEMA_ENUM,
                        at,
                        describe(value) + " must be "
                                + Text.quote(
                                        error.getSchemaNode().isString()
                                                ? error.getSchemaNode().asString()
                                                : error.getSchemaNode().toString()));
            case "pattern", "minLength", "maxLength", "format" -> form(keyword, error, walk, value, at, findings);
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" ->
                findings.error(
                        FindingCode.SCHEMA_RANGE,
                        at,
                        describe(value) + " is " + range(keyword, error.getSchemaNode())
                                + walk.expected().map(e -> "; expected " + e).orElse(""));
            default -> findings.error(FindingCode.SCHEMA_OTHER, at, withoutLocation(error.getMessage()));
        }
    }

    /** A text value of the wrong form: what the field expects, in the schema's words, with an example. */
    private static void form(String keyword, Error error, Walk walk, JsonNode value, String at, Findings findings) {
        boolean cidr = walk.defs().contains("ipv4Cidr");
        String text = value != null && value.isString() ? value.asString() : "";
        String why = switch (keyword) {
            case "minLength" -> text.isEmpty() ? "is empty" : "is too short";
            case "maxLength" -> "is longer than " + error.getSchemaNode().asString() + " characters";
            default -> cidr ? cidrProblem(text) : "is not valid here";
        };
        String expected = walk.expected().orElse("a value in the form the field's description gives");
        String example = walk.example()
                .filter(e -> !expected.contains("for example"))
                .map(e -> ", for example " + e)
                .orElse("");
        findings.error(
                cidr ? FindingCode.INVALID_CIDR : FindingCode.SCHEMA_FORMAT,
                at,
                describe(value) + " " + why + ": expected " + expected + example);
    }

    /** What is wrong with a string that should be an IPv4 CIDR, as precisely as can be told. */
    static String cidrProblem(String text) {
        if (text.contains(":")) {
            return "is IPv6, which is not supported here";
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return "has no prefix length (the '/16' part)";
        }
        String prefix = text.substring(slash + 1);
        if (prefix.matches("[0-9]{1,3}") && Integer.parseInt(prefix) > 32) {
            return "has prefix length " + prefix + ", but an IPv4 prefix is at most 32";
        }
        return "is not an IPv4 CIDR";
    }

    /**
     * The object by its kind and name: {@code cluster 'spb'}, {@code mesh 'retail'}; an object
     * without a name by the named one it belongs to, {@code ingressGateway of mesh 'retail'}.
     */
    private static String object(Walk walk, JsonNode document, String pointer) {
        if (pointer.isEmpty()) {
            return "the topology";
        }
        Optional<String> named = named(document, pointer);
        if (named.isPresent() && walk.named()) {
            return walk.kind() + " " + named.get();
        }
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        for (String p = JsonPointer.parent(pointer); !p.isEmpty(); p = JsonPointer.parent(p)) {
            Optional<String> owner = named(document, p);
            if (owner.isPresent()) {
                String parentKind = p.matches("/spec/clusters/[0-9]+")
                        ? "cluster"
                        : p.matches("/spec/meshes/[0-9]+") ? "mesh" : "item";
                return (field.matches("[0-9]+") ? walk.kind() + " " + pointer.substring(p.length() + 1) : field)
                        + " of " + parentKind + " " + owner.get();
            }
        }
        return pointer.substring(1).replace('/', '.');
    }

    private static Optional<String> named(JsonNode document, String pointer) {
        JsonNode name = document.at(pointer).get("name");
        return name != null && name.isString() && !name.asString().isEmpty()
                ? Optional.of(Text.quote(name.asString()))
                : Optional.empty();
    }

    private Optional<String> closestField(Error error) {
        return Rule.closest(error.getProperty(), knownFields(error));
    }

    /** The fields the object that refused an unknown one may have. */
    private List<String> knownFields(Error error) {
        NodePath location = error.getEvaluationPath().getParent();
        JsonNode object = walk(location).node();
        List<String> names = new ArrayList<>();
        object.path("properties").propertyNames().forEach(names::add);
        return names;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit, the commonest typo. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The schema nodes an evaluation path passes through, following local {@code $ref}s: where the
     * words for a finding come from.
     *
     * @param node      the node the path ends at
     * @param defs      names of the {@code $defs} entered, outermost first
     * @param described nodes with a description, outermost first
     * @param condition the condition of the {@code if} whose {@code then} the path went through
     */
    private record Walk(JsonNode node, List<String> defs, List<JsonNode> described, Optional<String> condition) {

        /** The kind of object, in words: {@code cluster}, {@code access rule}. */
        String kind() {
            return defs.isEmpty() ? "the object" : words(defs.get(defs.size() - 1));
        }

        /** Whether objects of this kind are known by a {@code name} field (clusters and meshes are). */
        boolean named() {
            return !defs.isEmpty()
                    && (defs.get(defs.size() - 1).equals("cluster")
                            || defs.get(defs.size() - 1).equals("mesh"));
        }

        /** The innermost description, first sentence, without its "required when" tail. */
        Optional<String> expected() {
            for (int i = described.size() - 1; i >= 0; i--) {
                String d = described.get(i).path("description").asString("");
                if (!d.isEmpty() && !d.startsWith("Condition:")) {
                    return Optional.of(firstSentence(d));
                }
            }
            return Optional.empty();
        }

        Optional<String> example() {
            for (int i = described.size() - 1; i >= 0; i--) {
                JsonNode examples = described.get(i).path("examples");
                if (examples.isArray()
                        && !examples.isEmpty()
                        && !examples.get(0).isContainer()) {
                    JsonNode first = examples.get(0);
                    return Optional.of(first.isString() ? first.asString() : first.toString());
                }
            }
            return Optional.empty();
        }
    }

    private Walk walk(NodePath path) {
        JsonNode node = root;
        List<String> defs = new ArrayList<>();
        List<JsonNode> described = new ArrayList<>();
        Optional<String> condition = Optional.empty();
        JsonNode parent = null;
        for (int i = 0; i < path.getNameCount(); i++) {
            String segment = String.valueOf(path.getElement(i));
            if (node.has("description") || node.has("examples")) {
                described.add(node);
            }
            JsonNode next;
            if (segment.equals("$ref")) {
                next = ref(node, defs);
            } else if (node.isArray()) {
                next = node.path(Integer.parseInt(segment));
            } else {
                next = node.path(segment);
                if (next.isMissingNode() && node.has("$ref")) {
                    next = ref(node, defs).path(segment);
                }
            }
            if (segment.equals("then")) {
                condition = condition(node.path("if"));
            }
            parent = node;
            node = next;
        }
        if (node.has("description") || node.has("examples")) {
            described.add(node);
        }
        if (parent != null && node.isMissingNode()) {
            node = parent;
        }
        return new Walk(node, defs, described, condition);
    }

    private JsonNode ref(JsonNode node, List<String> defs) {
        String ref = node.path("$ref").asString("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        if (ref.startsWith("#/$defs/")) {
            defs.add(ref.substring("#/$defs/".length()));
        }
        return root.at(ref.substring(1));
    }

    /** "inlet is NodePort", from the condition's description or its const and enum. */
    private static Optional<String> condition(JsonNode condition) {
        List<String> parts = new ArrayList<>();
        condition.path("properties").properties().forEach(p -> {
            String description = p.getValue().path("description").asString("");
            if (description.startsWith("Condition: ")) {
                parts.add(stripPeriod(description.substring("Condition: ".length())));
            } else if (p.getValue().has("const")) {
                parts.add(p.getKey() + " is " + p.getValue().get("const").asString());
            } else if (p.getValue().has("enum")) {
                List<String> values = new ArrayList<>();
                p.getValue().get("enum").forEach(v -> values.add(v.asString()));
                parts.add(p.getKey() + " is " + String.join(" or ", values));
            }
        });
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", parts));
    }

    /** {@code accessRule} becomes {@code access rule}. */
    static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    static String firstSentence(String description) {
        String s = description;
        int end = s.indexOf(". ");
        if (end > 0) {
            s = s.substring(0, end);
        }
        int required = s.indexOf("; required");
        if (required > 0) {
            s = s.substring(0, required);
        }
        s = stripPeriod(s);
        // "A cluster name: ..." reads on after "expected"; "URL of ..." keeps its capitals
        boolean word = s.startsWith("A ")
                || s.startsWith("An ")
                || s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1));
        return word ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String typeInWords(JsonNode type) {
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else {
            types.add(type.asString());
        }
        return types.stream()
                .map(t -> switch (t) {
                    case "array" -> "a list";
                    case "object" -> "a mapping of fields";
                    case "string" -> "text";
                    case "integer" -> "a whole number";
                    case "number" -> "a number";
                    case "boolean" -> "true or false";
                    default -> t;
                })
                .collect(Collectors.joining(" or "));
    }

    private static String range(String keyword, JsonNode limit) {
        return switch (keyword) {
            case "minimum" -> "below the minimum of " + limit;
            case "maximum" -> "above the maximum of " + limit;
            case "exclusiveMinimum" -> "not above " + limit;
            default -> "not below " + limit;
        };
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "an empty value";
        }
        if (value.isString()) {
            return Text.quote(value.asString());
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.toString();
    }

    private static String withoutLocation(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("/") ? message.substring(colon + 2) : message;
    }
}
