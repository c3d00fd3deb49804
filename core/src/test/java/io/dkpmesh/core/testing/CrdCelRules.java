package io.dkpmesh.core.testing;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The {@code x-kubernetes-validations} (CEL) rules of the upstream Istio and Flux CRDs in
 * {@code shared/upstream}, evaluated on an object the way the API server does before it stores it
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go: each rule runs with
 * {@code self} bound to the value at the schema node that carries it, for every such value present;
 * false or an evaluation error refuses the object), with Google's CEL for Java. No CEL of our own:
 * the standard library and macros, plus the CEL strings extension that Kubernetes also installs
 * (k8s.io/apiserver pkg/cel/environment/base.go: ext.Strings). Kubernetes' own libraries (url, ip,
 * cidr, quantity, ...) are not in cel-java: a rule that uses one does not compile here, and
 * {@link #unsupported()} lists it, so a caller can refuse to pass an object that reaches it.
 * Transition rules ({@code oldSelf}) compare an update with the stored object; a render has no
 * stored object, so they are skipped (the API server also skips them on create).
 *
 * <p>Defaults are not applied first, unlike the API server: a rule on a field the object leaves out
 * (that a default would fill) is not run.
 */
public final class CrdCelRules {

    /** Where the Istio and Flux CRDs are, under {@code shared/upstream}. */
    public static final List<String> FILES = List.of(
            "istio/istio/manifests/charts/base/files/crd-all.gen.yaml",
            "flux/kustomize-controller/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
            "flux/helm-controller/config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml");

    /** One rule of a CRD: at a schema path ({@code .} between properties, {@code []} an item, {@code {}} a map value). */
    public record Rule(String crd, String path, String expression, String message) {

        public boolean transition() {
            return expression.contains("oldSelf");
        }
    }

    /** A rule an object breaks: false, or an evaluation error (the API server refuses both). */
    public record Violation(String path, String expression, String message) {}

    /** What checking one object found: rules run, the ones it breaks, and the unsupported rules it reached. */
    public record Result(int evaluated, List<Violation> violations, List<Rule> unsupportedReached) {}

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .build();

    private static volatile CrdCelRules instance;

    /** {@code group/version/Kind} → the version's openAPIV3Schema. */
    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Optional<CelAbstractSyntaxTree>> compiled = new ConcurrentHashMap<>();
    private final Map<String, String> compileErrors = new HashMap<>();

    private CrdCelRules(Path upstream) {
        for (String file : FILES) {
            for (JsonNode doc : UpstreamSchemas.loadYaml(upstream.resolve(file))) {
                if (!"CustomResourceDefinition".equals(doc.path("kind").asString(""))) {
                    continue;
                }
                String group = doc.path("spec").path("group").asString();
                String kind = doc.path("spec").path("names").path("kind").asString();
                for (JsonNode version : doc.path("spec").path("versions")) {
                    JsonNode schema = version.path("schema").path("openAPIV3Schema");
                    if (!schema.isMissingNode()) {
                        String crd = group + "/" + version.path("name").asString() + "/" + kind;
                        schemas.put(crd, schema);
                        collect(crd, schema, "", rules);
                    }
                }
            }
        }
        for (Rule rule : rules) {
            if (!rule.transition()) {
                compiled.computeIfAbsent(rule.expression(), this::compile);
            }
        }
    }

    /** The rules of the Istio and Flux CRDs; fails the test on CI when the upstream files are missing. */
    public static CrdCelRules load() {
        CrdCelRules rules = instance;
        if (rules == null) {
            synchronized (CrdCelRules.class) {
                if (instance == null) {
                    instance = new CrdCelRules(UpstreamSchemas.sharedDir().resolve("upstream"));
                }
                rules = instance;
            }
        }
        return rules;
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Rules that do not compile with cel-java's standard library and strings extension, with the compiler's reason. */
    public Map<Rule, String> unsupported() {
        Map<Rule, String> out = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (!rule.transition() && compiled.get(rule.expression()).isEmpty()) {
                out.put(rule, compileErrors.get(rule.expression()));
            }
        }
        return out;
    }

    /** Whether a CRD of these files defines the object's apiVersion and kind. */
    public boolean defines(JsonNode object) {
        return schemas.containsKey(object.path("apiVersion").asString("") + "/"
                + object.path("kind").asString(""));
    }

    /** Runs every rule of the object's CRD on it. */
    public Result check(JsonNode object) {
        String crd = object.path("apiVersion").asString("") + "/"
                + object.path("kind").asString("");
        JsonNode schema = schemas.get(crd);
        if (schema == null) {
            throw new IllegalArgumentException("no Istio or Flux CRD defines " + crd);
        }
        List<Violation> violations = new ArrayList<>();
        List<Rule> unsupported = new ArrayList<>();
        int[] evaluated = {0};
        walk(crd, schema, object, "", violations, unsupported, evaluated);
        return new Result(evaluated[0], violations, unsupported);
    }

    private void walk(
            String crd,
            JsonNode schema,
            JsonNode value,
            String path,
            List<Violation> violations,
            List<Rule> unsupported,
            int[] evaluated) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String expression = validation.path("rule").asString();
            Rule rule =
                    new Rule(crd, path, expression, validation.path("message").asString(""));
            if (rule.transition()) {
                continue;
            }
            Optional<CelAbstractSyntaxTree> ast = compiled.computeIfAbsent(expression, this::compile);
            if (ast.isEmpty()) {
                unsupported.add(rule);
                continue;
            }
            evaluated[0]++;
            try {
                Object result = CEL.createProgram(ast.get()).eval(Map.of("self", cel(value)));
                if (!Boolean.TRUE.equals(result)) {
                    violations.add(new Violation(path, expression, rule.message()));
                }
            } catch (CelEvaluationException e) {
                violations.add(new Violation(
                        path, expression, rule.message() + " (evaluation error: " + e.getMessage() + ")"));
            }
        }
        JsonNode properties = schema.path("properties");
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode sub = properties.get(field.getKey());
                if (sub != null) {
                    walk(crd, sub, field.getValue(), join(path, field.getKey()), violations, unsupported, evaluated);
                } else if (schema.path("additionalProperties").isObject()) {
                    walk(
                            crd,
                            schema.path("additionalProperties"),
                            field.getValue(),
                            path + "{}",
                            violations,
                            unsupported,
                            evaluated);
                }
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (JsonNode item : value) {
                walk(crd, schema.path("items"), item, path + "[]", violations, unsupported, evaluated);
            }
        }
    }

    private static void collect(String crd, JsonNode schema, String path, List<Rule> out) {
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            out.add(new Rule(
                    crd,
                    path,
                    validation.path("rule").asString(),
                    validation.path("message").asString("")));
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            collect(crd, property.getValue(), join(path, property.getKey()), out);
        }
        if (schema.path("items").isObject()) {
            collect(crd, schema.path("items"), path + "[]", out);
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(crd, schema.path("additionalProperties"), path + "{}", out);
        }
    }

    private static String join(String path, String property) {
        return path.isEmpty() ? property : path + "." + property;
    }

    private Optional<CelAbstractSyntaxTree> compile(String expression) {
        try {
            return Optional.of(CEL.compile(expression).getAst());
        } catch (CelValidationException e) {
            synchronized (compileErrors) {
                compileErrors.put(expression, e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** A YAML value as CEL sees a structural-schema value: maps, lists, int (Long), double, string, bool. */
    private static Object cel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), cel(field.getValue()));
                }
            }
            return map;
        } else if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(cel(item)));
            return list;
        } else if (node.isIntegralNumber()) {
            return node.longValue();
        } else if (node.isNumber()) {
            return node.doubleValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }
}
