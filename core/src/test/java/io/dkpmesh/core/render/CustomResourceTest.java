package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The custom kinds the registered providers render, the CRD that serves each (found among the
 * upstream CRDs in shared/upstream: deckhouse deckhouse-controller/crds and ee/modules/110-istio/crds,
 * istio manifests/charts/base, cilium pkg/k8s/apis/cilium.io/client/crds), and whether it exists
 * before the first sync.
 */
class CustomResourceTest {

    private static final List<CustomResource> KINDS = Providers.BUILT_IN.stream()
            .flatMap(provider -> provider.customResources().stream())
            .toList();

    @Test
    void templatesNameTheirKind() {
        CustomResource a = new CustomResource("a.yaml.ftl", "A", "as.example.io", "a module");
        CustomResource b = new CustomResource("b.yaml.ftl", "B", "bs.example.io", "a module");
        assertThat(CustomResource.ofTemplate(List.of(a, b), "b.yaml.ftl")).contains(b);
        assertThat(CustomResource.ofTemplate(KINDS, "istiofederation.yaml.ftl"))
                .map(CustomResource::kind)
                .contains("IstioFederation");
        assertThat(CustomResource.ofTemplate(KINDS, "kustomization.yaml.ftl")).isEmpty();
        assertThat(CustomResource.ofTemplate(KINDS, "")).isEmpty();
    }

    @Test
    void onlyWhatDeckhouseInstallsExistsBeforeAnyModuleStarts() {
        assertThat(new CustomResource("a.yaml.ftl", "A", "as.example.io", CustomResource.DECKHOUSE).installedLater())
                .isFalse();
        assertThat(new CustomResource("a.yaml.ftl", "A", "as.example.io", "a module").installedLater())
                .isTrue();
        for (CustomResource kind : KINDS) {
            assertThat(kind.installedLater())
                    .as(kind.kind())
                    .isEqualTo(!kind.kind().equals("ModuleConfig"));
        }
    }

    @Test
    void everyKindIsServedByAnUpstreamCrdOfThatName() {
        List<String> crds = upstreamCrdTexts();
        assertThat(KINDS).isNotEmpty();
        for (CustomResource kind : KINDS) {
            assertThat(crds)
                    .as("%s served by %s", kind.kind(), kind.crd())
                    .anySatisfy(text ->
                            assertThat(text).contains("name: " + kind.crd()).contains("kind: " + kind.kind()));
        }
    }

    private static List<String> upstreamCrdTexts() {
        Path upstream = UpstreamSchemas.sharedDir().resolve("upstream");
        try (Stream<Path> files = Files.walk(upstream)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(CustomResourceTest::read)
                    .filter(text -> text.contains("kind: CustomResourceDefinition"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
