package io.dkpmesh.core.check;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.Position;
import io.dkpmesh.core.load.Resources;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.TemplateEngine;
import io.dkpmesh.core.validate.JsonSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Parses every rendered document back and validates it against the bundled output schema of its
 * kind, and refuses secret material in every file (YAML and Markdown), before anything is written. A user template that produces
 * an invalid object fails here, naming the template and the line.
 */
public final class OutputCheck {

    static final String SCHEMAS = "io/dkpmesh/schemas/output/";

    /** Where Argo CD and Flux objects carry Helm values: their own schemas leave that object free-form. */
    private static final Map<String, String> EMBEDDED_VALUES = Map.of(
            "Application", "/spec/source/helm/valuesObject",
            "HelmRelease", "/spec/values");

    private final SchemaRegistry registry = JsonSchemas.registry();
    private final Map<String, Optional<Schema>> schemas = new ConcurrentHashMap<>();
    private final TemplateEngine templates;

    /** The Helm values the providers render ({@link MeshProvider#helmValues}), checked against their schemas. */
    private final List<MeshProvider.HelmValues> values;

    /** @param providers the registered mesh providers, whose Helm values this check knows */
    public OutputCheck(TemplateEngine templates, List<MeshProvider> providers) {
        this.values = providers.stream()
                .flatMap(provider -> provider.helmValues().stream())
                .toList();
        this.templates = templates;
    }

    public void check(List<RenderedFile> files, Findings findings) {
        check(files, Map.of(), findings);
    }

    /**
     * @param parsed documents already loaded with {@link YamlLoader} from exactly these content
     *               arrays (keyed by identity), used instead of parsing the same bytes again
     */
    public void check(List<RenderedFile> files, Map<byte[], LoadedDocument> parsed, Findings findings) {
        // Files that share a content array, a template and the kind of place they stand in pass or fail
        // alike: one is checked for all (a full mesh repeats each peer object in every other cluster).
        // Only when it fails is each of the others checked, so that every file gets its own findings.
        Map<byte[], Map<Alike, List<RenderedFile>>> byContent = new IdentityHashMap<>();
        for (RenderedFile file : files) {
            if (file.path().endsWith(".yaml")) {
                byContent
                        .computeIfAbsent(file.content(), content -> new HashMap<>())
                        .computeIfAbsent(
                                new Alike(file.template(), valuesFile(file.path())), alike -> new ArrayList<>())
                        .add(file);
            } else {
                // no schema for the Markdown pages, but they are committed like the rest
                Findings out = new Findings(new SourceMap(file.path()));
                SecretGuard.checkText(file.text(), file.path(), origin(file), out);
                findings.addAll(out.sorted());
            }
        }
        byContent.values().stream().flatMap(alike -> alike.values().stream()).toList().parallelStream()
                .map(group -> {
                    List<Finding> first =
                            check(group.get(0), parsed.get(group.get(0).content()));
                    if (first.isEmpty()) {
                        return first;
                    }
                    List<Finding> all = new ArrayList<>(first);
                    group.subList(1, group.size()).forEach(file -> all.addAll(check(file, parsed.get(file.content()))));
                    return all;
                })
                .toList()
                .forEach(findings::addAll);
    }

    /** What the check of one content array depends on besides its bytes: the template named in findings, and the schema the place picks. */
    private record Alike(Optional<String> template, Optional<MeshProvider.HelmValues> values) {}

    /** The Helm values a file holds, by its place in the tree; empty for an object with its own apiVersion and kind. */
    private Optional<MeshProvider.HelmValues> valuesFile(String path) {
        return values.stream().filter(v -> v.isFile().test(path)).findFirst();
    }

    private String origin(RenderedFile file) {
        return file.template().map(templates::origin).orElse(file.path());
    }

    private List<Finding> check(RenderedFile file, LoadedDocument loaded) {
        String origin = origin(file);
        LoadedDocument document = loaded != null ? loaded : YamlLoader.load(file.path(), file.content());
        Findings out = new Findings(document.positions());
        if (document.root().isEmpty()) {
            SecretGuard.checkText(file.text(), file.path(), origin, out);
            document.findings()
                    .forEach(f -> out.inFile(
                            FindingCode.OUTPUT_INVALID,
                            file.path(),
                            f.line(),
                            f.pointer(),
                            origin + " produced YAML that does not parse: " + f.message()));
            return out.sorted();
        }
        JsonNode root = document.root().get();
        SecretGuard.check(root, file.path(), origin, out);
        SecretGuard.checkText(file.text(), file.path(), origin, out);
        String apiVersion = root.path("apiVersion").asString("");
        String kind = root.path("kind").asString("");
        Optional<MeshProvider.HelmValues> valuesFile = valuesFile(file.path());
        if (valuesFile.isPresent()) {
            // Helm values carry no apiVersion/kind: the file's place in the tree says what it is
            apiVersion = valuesFile.get().apiVersion();
            kind = valuesFile.get().kind();
        }
        Optional<Schema> schema = schema(apiVersion, kind);
        if (schema.isEmpty()) {
            out.inFile(
                    FindingCode.OUTPUT_INVALID,
                    file.path(),
                    1,
                    "",
                    origin + " produced apiVersion " + Text.quote(apiVersion) + " kind " + Text.quote(kind)
                            + ", which dkp-mesh has no output schema for; templates may only produce the kinds dkp-mesh renders");
            return out.sorted();
        }
        report(schema.get().validate(root), "", kind, file, origin, document, out);
        String valuesAt = EMBEDDED_VALUES.get(kind);
        if (valuesAt != null && root.at(valuesAt).isObject()) {
            // the values a GitOps object carries are a provider's (only Cilium's, so far: one schema each)
            for (MeshProvider.HelmValues embedded : values) {
                report(
                        schema(embedded.apiVersion(), embedded.kind())
                                .orElseThrow()
                                .validate(root.at(valuesAt)),
                        valuesAt,
                        embedded.label(),
                        file,
                        origin,
                        document,
                        out);
            }
        }
        return out.sorted();
    }

    private static void report(
            List<Error> errors,
            String under,
            String what,
            RenderedFile file,
            String origin,
            LoadedDocument document,
            Findings out) {
        for (Error error : errors) {
            String pointer = under + pointer(error);
            Position at = document.positions().valueAt(pointer);
            out.inFile(
                    FindingCode.OUTPUT_INVALID,
                    file.path(),
                    at.line(),
                    pointer,
                    origin + " produced an invalid " + what + ": " + error.getMessage());
        }
    }

    private static String pointer(Error error) {
        String pointer = JsonSchemas.pointer(error.getInstanceLocation());
        boolean aboutAField =
                "required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword());
        return aboutAField && error.getProperty() != null ? JsonPointer.child(pointer, error.getProperty()) : pointer;
    }

    private Optional<Schema> schema(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        String name = group + "_" + kind + ".schema.json";
        if (!name.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        return schemas.computeIfAbsent(name, n -> {
            String resource = SCHEMAS + n;
            if (OutputCheck.class.getClassLoader().getResource(resource) == null) {
                return Optional.empty();
            }
            return Optional.of(registry.getSchema(Resources.json(resource)));
        });
    }
}
