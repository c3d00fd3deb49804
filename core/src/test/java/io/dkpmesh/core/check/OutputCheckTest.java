package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.provider.cilium.CiliumValues;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The self-check reuses the documents the access matrix already parsed from the very same bytes
 * (one parse per rendered file in a render), and parses everything else itself.
 */
class OutputCheckTest {

    private static final String PATH = "clusters/msk/mesh/istiofederation-spb.yaml";
    private static final String VALID = """
            apiVersion: deckhouse.io/v1alpha1
            kind: IstioFederation
            metadata:
              name: spb
            spec:
              trustDomain: spb.local
              metadataEndpoint: https://istio-metadata.spb.example.com/metadata/
            """;
    /** Valid YAML, but not a valid IstioFederation: a document the check must refuse when it is the one it reads. */
    private static final String INVALID = """
            apiVersion: deckhouse.io/v1alpha1
            kind: IstioFederation
            metadata:
              name: spb
            spec:
              trustDomain: 42
            """;

    @Test
    void aDocumentParsedFromTheSameBytesIsReusedAndOnlyFromThoseBytes() {
        RenderedFile file = new RenderedFile(PATH, Optional.empty(), VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(check(file, Map.of())).isEmpty();

        // handed a document for exactly this content array, the check reads that one and does not parse again
        Map<byte[], LoadedDocument> parsed = new IdentityHashMap<>();
        parsed.put(file.content(), YamlLoader.load(PATH, INVALID.getBytes(StandardCharsets.UTF_8)));
        assertThat(check(file, parsed))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.file()).isEqualTo(PATH));

        // equal bytes in another array are another file's: parsed afresh
        RenderedFile copy = new RenderedFile(PATH, Optional.empty(), VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(check(copy, parsed)).isEmpty();
    }

    @Test
    void filesSharingOneContentArrayAreCheckedOnceYetEachFailingFileIsNamed() {
        // a full mesh renders each peer object once and hands the same array to every cluster holding it
        byte[] invalid = INVALID.getBytes(StandardCharsets.UTF_8);
        List<RenderedFile> files = List.of(
                new RenderedFile(PATH, Optional.of("istiofederation.yaml.ftl"), invalid),
                new RenderedFile(
                        "clusters/nsk/mesh/istiofederation-spb.yaml", Optional.of("istiofederation.yaml.ftl"), invalid),
                new RenderedFile(
                        "clusters/ekb/mesh/istiofederation-spb.yaml",
                        Optional.of("istiofederation.yaml.ftl"),
                        invalid));
        assertThat(check(files, Map.of()))
                .extracting(Finding::file)
                .containsOnly(
                        "clusters/ekb/mesh/istiofederation-spb.yaml",
                        "clusters/msk/mesh/istiofederation-spb.yaml",
                        "clusters/nsk/mesh/istiofederation-spb.yaml");

        // the same valid bytes pass everywhere
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        assertThat(check(
                        List.of(
                                new RenderedFile(PATH, Optional.empty(), valid),
                                new RenderedFile(
                                        "clusters/nsk/mesh/istiofederation-spb.yaml", Optional.empty(), valid)),
                        Map.of()))
                .isEmpty();
    }

    @Test
    void theSameBytesInAPlaceWithAnotherSchemaAreCheckedThere() {
        // valid as an IstioFederation, but Cilium values carry no apiVersion/kind: their place picks the values
        // schema, which has no such fields, so sharing the array with a passing object must not let it pass
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        String values = CiliumValues.path("msk");
        List<Finding> findings = check(
                List.of(
                        new RenderedFile(PATH, Optional.empty(), valid),
                        new RenderedFile(values, Optional.empty(), valid)),
                Map.of());
        assertThat(findings).isNotEmpty().allSatisfy(f -> assertThat(f.file()).isEqualTo(values));
    }

    private static List<Finding> check(RenderedFile file, Map<byte[], LoadedDocument> parsed) {
        return check(List.of(file), parsed);
    }

    private static List<Finding> check(List<RenderedFile> files, Map<byte[], LoadedDocument> parsed) {
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        new OutputCheck(new TemplateEngine(Optional.empty()), Providers.BUILT_IN).check(files, parsed, findings);
        return findings.sorted();
    }
}
