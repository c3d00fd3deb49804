package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

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
        try (Stream<Path> files = Files.list(component)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                JsonNode patch = UpstreamSchemas.yaml(Files.readString(file));
                patches.add(patch);
                services.append(service(patch.path("metadata").path("namespace").asString(), patch.path("metadata").path("name").asString()));
            }
        }
        services.append(service("unrelated", "bystander"));
        Files.writeString(overlay.resolve("services.yaml"), services.toString(), StandardCharsets.UTF_8);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - services.yaml
                components:
                  - %s
                """.formatted(overlay.relativize(component.toAbsolutePath())), StandardCharsets.UTF_8);

        Kubectl.Build build = Kubectl.kustomize(overlay);
        assertThat(build.exitCode()).as(build.output()).isZero();
        String out = build.output();
        for (JsonNode patch : patches) {
            String name = patch.path("metadata").path("name").asString();
            String built = out.substring(out.indexOf("  name: " + name + "\n") - 200 < 0 ? 0 : out.indexOf("  name: " + name + "\n") - 200);
            patch.path("metadata").path("labels").properties().forEach(label -> assertThat(built).contains(label.getKey() + ": \"" + label.getValue().asString() + "\""));
            patch.path("metadata").path("annotations").properties().forEach(a -> assertThat(out).contains(a.getKey() + ": \"" + a.getValue().asString() + "\""));
        }
        String bystander = out.substring(out.indexOf("name: bystander") - 150);
        assertThat(bystander.substring(0, bystander.indexOf("spec:"))).doesNotContain("labels:").doesNotContain("annotations:");
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
