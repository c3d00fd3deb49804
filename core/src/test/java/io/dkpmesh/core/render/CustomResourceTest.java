package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The custom kinds dkp-mesh renders, the CRD that serves each (found among the upstream CRDs in
 * shared/upstream: deckhouse deckhouse-controller/crds and ee/modules/110-istio/crds, istio manifests/charts/base, cilium
 * pkg/k8s/apis/cilium.io/client/crds), and whether it exists before the first sync.
 */
class CustomResourceTest {

    @Test
    void templatesNameTheirKind() {
        assertThat(CustomResource.ofTemplate("istiofederation.yaml.ftl")).contains(CustomResource.ISTIO_FEDERATION);
        assertThat(CustomResource.ofTemplate("kustomization.yaml.ftl")).isEmpty();
        assertThat(CustomResource.ofTemplate("")).isEmpty();
    }

    @Test
    void onlyModuleConfigExistsBeforeAnyModuleStarts() {
        for (CustomResource kind : CustomResource.values()) {
            assertThat(kind.installedLater()).as(kind.kind()).isEqualTo(kind != CustomResource.MODULE_CONFIG);
        }
    }

    @Test
    void everyKindIsServedByAnUpstreamCrdOfThatName() {
        List<String> crds = upstreamCrdTexts();
        for (CustomResource kind : CustomResource.values()) {
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
