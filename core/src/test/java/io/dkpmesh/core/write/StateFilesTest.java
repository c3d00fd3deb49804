package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The manifest and the render state are read with Jackson's streaming parser (a no-op run stops
 * before anything needs databind): what they write reads back as it was, and anything else is no
 * manifest or no state at all.
 */
class StateFilesTest {

    private static final Manifest MANIFEST = new Manifest(
            "1.2.3",
            "retail \"eu\"",
            new TreeMap<>(java.util.Map.of("clusters/a/x.yaml", "ab12", "clusters/b/ü y.yaml", "cd34")));

    private static final RenderState STATE = new RenderState(
            "/repo/rendered",
            "f00d",
            List.of("certs/a.pem", "certs/b.pem"),
            "beef",
            12,
            14,
            3,
            List.of(new Finding("DKPM404", Severity.WARNING, "topology.yaml", 7, 5, "/spec/x", "a \"quoted\"\nline")));

    @Test
    void whatIsWrittenReadsBackAsItWas() {
        assertThat(Manifest.parse(MANIFEST.toBytes())).contains(MANIFEST);
        assertThat(RenderState.parse(STATE.toBytes())).contains(STATE);
    }

    @Test
    void anythingElseIsNoManifest() {
        String good = new String(MANIFEST.toBytes(), StandardCharsets.UTF_8);
        for (String bad : List.of(
                "",
                "[]",
                "{ damaged",
                good + "{}",
                good.replace("\"dkp-mesh\"", "\"other\""),
                good.replace("\"generator\"", "\"producer\""),
                "{\"generator\":\"dkp-mesh\",\"files\":[]}",
                "{\"generator\":\"dkp-mesh\"}")) {
            assertThat(Manifest.parse(bytes(bad))).as(bad).isEmpty();
        }
        // fields it does not know are skipped, whatever their shape
        assertThat(Manifest.parse(good.replaceFirst("\\{", "{\"extra\":{\"a\":[1,{\"b\":2}]},")
                        .getBytes(StandardCharsets.UTF_8)))
                .contains(MANIFEST);
    }

    @Test
    void anythingElseIsNoState() {
        String good = new String(STATE.toBytes(), StandardCharsets.UTF_8);
        for (String bad : List.of(
                "",
                "{ damaged",
                good + "[]",
                good.replace("\"fingerprint\"", "\"fingerprints\""),
                good.replace("\"named\" : [", "\"named\" : {\"x\":[")
                        .replace("\"certs/b.pem\" ]", "\"certs/b.pem\" ]}"),
                good.replace("\"WARNING\"", "\"LOUD\""),
                good.replace("\"manifestSha256\" : \"beef\"", "\"manifestSha256\" : 7"))) {
            assertThat(RenderState.parse(bytes(bad))).as(bad).isEmpty();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
