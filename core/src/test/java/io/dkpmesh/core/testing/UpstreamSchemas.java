package io.dkpmesh.core.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates what dkp-mesh renders against the upstream schemas copied verbatim into {@code shared/upstream}
 * (Deckhouse and Istio CRDs, Deckhouse module settings, Cilium CRDs and Helm values schema), so that a test can
 * prove "the API server / Deckhouse / Helm would accept this", not only "our own schema accepts this".
 *
 * <p>The shared folder is not part of the repository. It is found through env {@code DKPM_SHARED_DIR} (the
 * {@code .../shared} folder; the parent pom sets it for surefire), else as {@code shared/upstream} next to any
 * ancestor of the working directory. When it is missing, tests are skipped, except on CI ({@code CI=true}) where a
 * silent skip would hide that nothing was checked, so they fail.
 *
 * <p>CRD schemas are Kubernetes structural OpenAPI v3; they are converted to JSON Schema draft 4 (the closest
 * dialect) the way the API server with strict field validation ({@code kubectl apply --validate=strict}) reads
 * them: unknown fields are errors unless {@code x-kubernetes-preserve-unknown-fields}. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated here: {@link CrdCelRules} runs those of the
 * Istio and Flux CRDs.
 *
 * <p>Parsed and converted schemas are cached for the JVM: the Istio and Cilium CRD files are close to 1 MB.
 */
public final class UpstreamSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DRAFT_4 = "http://json-schema.org/draft-04/schema#";

    /** {@code group/version/Kind} -> converted schema; filled once from every CRD file. */
    private static volatile Map<String, JsonNode> crdIndex;

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private UpstreamSchemas() {}

    /** The {@code shared} folder holding {@code upstream/}; aborts the test (or fails it on CI) when absent. */
    public static Path sharedDir() {
        String fromEnv = System.getenv("DKPM_SHARED_DIR");
        if (fromEnv != null && !fromEnv.isBlank() && Files.isDirectory(Path.of(fromEnv, "upstream"))) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared").resolve("upstream"))) {
                return dir.resolve("shared").toAbsolutePath().normalize();
            }
        }
        String message = "Upstream schemas not found: set DKPM_SHARED_DIR to the 'shared' folder (it holds upstream/),"
                + " or check it out next to the repository (../shared/upstream). DKPM_SHARED_DIR=" + fromEnv;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /**
     * Validates a Kubernetes object against the {@code openAPIV3Schema} of its upstream CRD, chosen by
     * {@code apiVersion} and {@code kind}. {@code metadata} is only required to have a {@code name}: CRDs do not
     * describe it.
     *
     * @return readable errors ({@code /json/pointer: message}); empty when the object is accepted
     * @throws IllegalArgumentException when no upstream CRD in {@code shared/upstream} serves that kind and version
     */
    public static List<String> validateCrdObject(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        String key = apiVersion + "/" + kind;
        JsonNode schema = crdIndex(sharedDir()).get(key);
        if (schema == null) {
            throw new IllegalArgumentException("No upstream CRD for " + key + "; known: "
                    + crdIndex(sharedDir()).keySet());
        }
        return validate("crd:" + key, schema, object);
    }

    /**
     * Validates ModuleConfig {@code spec.settings} against {@code deckhouse/modules/*-<module>/openapi/config-values.yaml}.
     * Deckhouse, like the API server, rejects settings it does not know, so unknown fields are errors here too.
     */
    public static List<String> validateModuleSettings(String module, JsonNode settings) {
        Path modules = sharedDir().resolve("upstream/deckhouse/modules");
        Path file;
        try (Stream<Path> dirs = Files.list(modules)) {
            file = dirs.filter(d -> d.getFileName().toString().matches("\\d+-" + Pattern.quote(module)))
                    .map(d -> d.resolve("openapi/config-values.yaml"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "No settings schema for module " + module + " under " + modules));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = "module:" + module;
        Schema schema = SCHEMAS.computeIfAbsent(
                key, k -> compile(openApiToJsonSchema(loadYaml(file).get(0), false)));
        return errors(schema.validate(settings));
    }

    /** Validates Cilium Helm values against the chart's {@code values.schema.json} (a plain draft-07 JSON Schema). */
    public static List<String> validateCiliumHelmValues(JsonNode values) {
        Schema schema = SCHEMAS.computeIfAbsent("cilium:values", k -> {
            Path file = sharedDir().resolve("upstream/cilium/install/kubernetes/cilium/values.schema.json");
            try {
                // the file declares "$schema": draft-07; the registry honours it, DRAFT_7 is only the fallback
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                        .getSchema(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return errors(schema.validate(values));
    }

    /** One YAML document as a Jackson tree (test samples are written as YAML text blocks). */
    public static JsonNode yaml(String text) {
        List<JsonNode> docs = loadYaml(text);
        if (docs.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, got " + docs.size());
        }
        return docs.get(0);
    }

    /** Every document of a YAML file, empty documents dropped. */
    public static List<JsonNode> loadYaml(Path file) {
        try {
            return loadYaml(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> loadYaml(String text) {
        LoadSettings settings = LoadSettings.builder()
                // the copied istio config-values.yaml repeats `x-doc-d8Revision` (see deckhouse/SOURCES.md)
                .setAllowDuplicateKeys(true)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Load(settings).loadAllFromString(text)) {
            if (doc != null) {
                docs.add(toJson(doc));
            }
        }
        return docs;
    }

    private static JsonNode toJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode node = JSON.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), toJson(v)));
            return node;
        } else if (value instanceof List<?> list) {
            ArrayNode node = JSON.arrayNode();
            list.forEach(v -> node.add(toJson(v)));
            return node;
        } else if (value instanceof Integer i) {
            return JSON.numberNode(i);
        } else if (value instanceof Long l) {
            return JSON.numberNode(l);
        } else if (value instanceof BigInteger b) {
            return JSON.numberNode(b);
        } else if (value instanceof Double d) {
            return JSON.numberNode(d);
        } else if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.stringNode(value.toString());
    }

    // ---- CRDs ----------------------------------------------------------------------------------------------

    private static Map<String, JsonNode> crdIndex(Path shared) {
        Map<String, JsonNode> index = crdIndex;
        if (index == null) {
            synchronized (UpstreamSchemas.class) {
                if (crdIndex == null) {
                    crdIndex = buildCrdIndex(shared.resolve("upstream"));
                }
                index = crdIndex;
            }
        }
        return index;
    }

    private static Map<String, JsonNode> buildCrdIndex(Path upstream) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(upstream)) {
            files = walk.filter(
                            p -> p.toString().endsWith(".yaml") && !p.toString().contains("/openapi/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> index = new HashMap<>();
        for (Path file : files) {
            for (JsonNode doc : loadYaml(file)) {
                if (!"CustomResourceDefinition".equals(doc.path("kind").asString(""))) {
                    continue;
                }
                String group = doc.path("spec").path("group").asString();
                String kind = doc.path("spec").path("names").path("kind").asString();
                for (JsonNode version : doc.path("spec").path("versions")) {
                    JsonNode openApi = version.path("schema").path("openAPIV3Schema");
                    if (!openApi.isMissingNode()) {
                        index.put(group + "/" + version.path("name").asString() + "/" + kind, crdRootSchema(openApi));
                    }
                }
            }
        }
        return Map.copyOf(index);
    }

    /** The converted CRD schema, with the object envelope the API server validates itself. */
    private static JsonNode crdRootSchema(JsonNode openApi) {
        ObjectNode root = (ObjectNode) openApiToJsonSchema(openApi, false);
        ObjectNode properties =
                root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        ObjectNode metadata = properties.putObject("metadata");
        metadata.put("type", "object");
        metadata.putArray("required").add("name");
        metadata.putObject("properties").putObject("name").put("type", "string").put("minLength", 1);
        ArrayNode required = root.has("required") ? (ArrayNode) root.get("required") : root.putArray("required");
        boolean metadataRequired = false;
        for (JsonNode name : required) {
            metadataRequired |= "metadata".equals(name.asString());
        }
        if (!metadataRequired) {
            required.add("metadata");
        }
        root.put("type", "object");
        if (!root.has("additionalProperties")) {
            root.put("additionalProperties", false);
        }
        return root;
    }

    /**
     * Converts a Kubernetes structural OpenAPI v3 schema (CRD or Deckhouse module settings) to JSON Schema draft 4.
     *
     * @param inJunctor inside {@code allOf/anyOf/oneOf/not}: structural schemas only restate fields there, so
     *                  closing those objects would reject valid input
     */
    static JsonNode openApiToJsonSchema(JsonNode node, boolean inJunctor) {
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            switch (keyword) {
                case "properties", "patternProperties" -> {
                    ObjectNode props = out.putObject(keyword);
                    value.properties()
                            .forEach(p -> props.set(p.getKey(), openApiToJsonSchema(p.getValue(), inJunctor)));
                }
                case "items", "additionalProperties" ->
                    out.set(
                            keyword,
                            value.isArray() ? mapArray(value, inJunctor) : openApiToJsonSchema(value, inJunctor));
                case "allOf", "anyOf", "oneOf" -> out.set(keyword, mapArray(value, true));
                case "not" -> out.set(keyword, openApiToJsonSchema(value, true));
                // formats like int32, int64, cidr are OpenAPI/Kubernetes vocabulary, not JSON Schema assertions
                case "format", "nullable", "default", "example", "examples", "description", "title" -> {}
                default -> {
                    if (!keyword.startsWith("x-")) {
                        out.set(keyword, value.deepCopy());
                    }
                }
            }
        }
        if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
            ArrayNode types = out.putArray("type");
            types.add("integer").add("string");
        }
        if (node.path("nullable").asBoolean(false)) {
            allowNull(out);
        }
        boolean preserveUnknown =
                node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean isObject =
                "object".equals(out.path("type").asString("")) || (!out.has("type") && out.has("properties"));
        if (!inJunctor && isObject && out.has("properties") && !out.has("additionalProperties") && !preserveUnknown) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    private static ArrayNode mapArray(JsonNode values, boolean inJunctor) {
        ArrayNode out = JSON.arrayNode();
        values.forEach(v -> out.add(openApiToJsonSchema(v, inJunctor)));
        return out;
    }

    private static void allowNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            schema.putArray("type").add(type.asString()).add("null");
        } else if (type != null && type.isArray()) {
            ((ArrayNode) type).add("null");
        }
        if (schema.get("enum") instanceof ArrayNode values) {
            values.addNull();
        }
    }

    private static List<String> validate(String cacheKey, JsonNode schema, JsonNode instance) {
        return errors(SCHEMAS.computeIfAbsent(cacheKey, k -> compile(schema)).validate(instance));
    }

    private static Schema compile(JsonNode converted) {
        ObjectNode schema = ((ObjectNode) converted).deepCopy();
        schema.put("$schema", DRAFT_4);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
    }

    private static List<String> errors(List<Error> errors) {
        return errors.stream()
                // instance locations are JSON pointers; the root is the empty pointer
                .map(e -> (e.getInstanceLocation().toString().isEmpty()
                                ? "/"
                                : e.getInstanceLocation().toString()) + ": " + e.getMessage())
                .distinct()
                .sorted()
                .toList();
    }
}
