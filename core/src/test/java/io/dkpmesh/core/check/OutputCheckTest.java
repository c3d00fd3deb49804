package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.load.YamlLoader;
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

    private static List<Finding> check(RenderedFile file, Map<byte[], LoadedDocument> parsed) {
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        new OutputCheck(new TemplateEngine(Optional.empty())).check(List.of(file), parsed, findings);
        return findings.sorted();
    }
}
