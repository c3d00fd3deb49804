package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An overlay that includes a rendered Component next to the user's Services gets the labels and
 * annotations the Component promises; Services it does not name stay as they were.
 */
class ComponentOverlayTest {

    static Stream<Path> components() {
        return GoldenCases.all().stream()
                .flatMap(c -> GoldenCases.clusterTrees(GoldenCases.expected(c)).stream())
                .flatMap(tree -> {
                    try (Stream<Path> dirs = Files.list(tree.resolve("components"))) {
                        return dirs.filter(Files::isDirectory).sorted().toList().stream();
                    } catch (IOException e) {
                        return Stream.empty();
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void overlayIncludingTheComponentGetsItsMetadata(Path component, @TempDir Path overlay) throws IOException {
        List<JsonNode> patches = new ArrayList<>();
        StringBuilder services = new StringBuilder();
        for (JsonNode entry : UpstreamSchemas.yaml(Files.readString(component.resolve("kustomization.yaml")))
                .path("patches")) {
            JsonNode patch = UpstreamSchemas.yaml(
                    Files.readString(component.resolve(entry.path("path").asString())));
            String namespace = patch.path("metadata").path("namespace").asString();
            if (!entry.path("target").has("name")) {
                // a namespace-wide patch: a Service of another name must get it too, under its own name
                ObjectNode neighbour = (ObjectNode) patch.deepCopy();
                ((ObjectNode) neighbour.path("metadata")).put("name", "neighbour");
                patches.add(neighbour);
                services.append(service(namespace, "neighbour"));
            }
            patches.add(patch);
            services.append(
                    service(namespace, patch.path("metadata").path("name").asString()));
        }
        services.append(service("unrelated", "bystander"));
        Files.writeString(overlay.resolve("services.yaml"), services.toString(), StandardCharsets.UTF_8);
        Files.writeString(
                overlay.resolve("kustomization.yaml"),
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - services.yaml
                components:
                  - %s
                """.formatted(overlay.relativize(component.toAbsolutePath())),
                StandardCharsets.UTF_8);

        Kubectl.Build build = Kubectl.kustomize(overlay);
        assertThat(build.exitCode()).as(build.output()).isZero();
        Path built = overlay.resolve("built.yaml");
        Files.writeString(built, build.output(), StandardCharsets.UTF_8);
        Map<String, JsonNode> builtServices = new HashMap<>();
        UpstreamSchemas.loadYaml(built).forEach(s -> builtServices.put(key(s.path("metadata")), s.path("metadata")));
        for (JsonNode patch : patches) {
            JsonNode metadata = builtServices.get(key(patch.path("metadata")));
            assertThat(metadata)
                    .as("Service %s in the build", key(patch.path("metadata")))
                    .isNotNull();
            for (String field : List.of("labels", "annotations")) {
                patch.path("metadata")
                        .path(field)
                        .properties()
                        .forEach(entry -> assertThat(metadata.path(field)
                                        .path(entry.getKey())
                                        .asString())
                                .as("%s %s of %s", field, entry.getKey(), key(metadata))
                                .isEqualTo(entry.getValue().asString()));
            }
        }
        JsonNode bystander = builtServices.get("unrelated/bystander");
        assertThat(bystander.has("labels") || bystander.has("annotations"))
                .as("bystander untouched")
                .isFalse();
    }

    private static String key(JsonNode metadata) {
        return metadata.path("namespace").asString() + "/"
                + metadata.path("name").asString();
    }

    private static String service(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  ports:
                    - name: http
                      port: 80
                ---
                """.formatted(name, namespace);
    }
}
