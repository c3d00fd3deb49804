package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every object of every golden tree that an upstream project defines is accepted by that
 * project's schema in {@code ../shared/upstream}: DKP CRDs and module settings, Istio and Cilium
 * CRDs, Argo CD Application/ApplicationSet and Flux Kustomization/HelmRelease CRDs, and the Cilium
 * chart's values schema for every {@code clusters/<cluster>/cilium/*values.yaml}.
 */
class UpstreamAcceptanceTest {

    /** Cilium Helm values files: not objects, checked against the chart's values.schema.json. */
    private static final Pattern CILIUM_VALUES = Pattern.compile("/clusters/[^/]+/cilium/[^/]*values\\.yaml$");
    /** Groups whose CRDs live in shared/upstream: an object of one with no CRD there fails (never skips). */
    private static final Set<String> UPSTREAM_GROUPS = Set.of(
            "deckhouse.io",
            "networking.istio.io",
            "security.istio.io",
            "cilium.io",
            "argoproj.io",
            "kustomize.toolkit.fluxcd.io",
            "helm.toolkit.fluxcd.io");

    static Stream<Path> documents() {
        return GoldenCases.all().stream().flatMap(c -> {
            try (Stream<Path> walk = Files.walk(GoldenCases.expected(c))) {
                return walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void upstreamSchemaAcceptsTheObject(Path file) throws IOException {
        JsonNode object = UpstreamSchemas.yaml(Files.readString(file));
        if (CILIUM_VALUES.matcher(file.toString().replace('\\', '/')).find()) {
            assertThat(UpstreamSchemas.validateCiliumHelmValues(object))
                    .as("%s against the Cilium chart's values schema", file)
                    .isEmpty();
            return;
        }
        String apiVersion = object.path("apiVersion").asString();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        if (!UPSTREAM_GROUPS.contains(group)) {
            return;
        }
        List<String> errors = new ArrayList<>(UpstreamSchemas.validateCrdObject(withoutNewerFields(object)));
        // spec.settings is optional in the ModuleConfig CRD: a single-cluster mesh needs none
        if (object.path("kind").asString().equals("ModuleConfig")
                && object.path("spec").has("settings")) {
            errors.addAll(UpstreamSchemas.validateModuleSettings(
                    object.path("metadata").path("name").asString(),
                    object.path("spec").path("settings")));
        }
        assertThat(errors).as("%s against upstream", file).isEmpty();
    }

    /**
     * The IstioFederation/IstioMulticluster CRD copies in shared predate {@code spec.metadata}
     * ({@code ca}, {@code insecureSkipVerify}), which DKP added in PR #11099 and its newest hooks
     * read (DOMAIN.md §1.2); everything else is checked against the copy as it is.
     */
    private static JsonNode withoutNewerFields(JsonNode object) {
        Set<String> kinds = Set.of("IstioFederation", "IstioMulticluster");
        if (!kinds.contains(object.path("kind").asString())
                || !object.path("spec").has("metadata")) {
            return object;
        }
        ObjectNode copy = (ObjectNode) object.deepCopy();
        ((ObjectNode) copy.path("spec")).remove("metadata");
        return copy;
    }
}
