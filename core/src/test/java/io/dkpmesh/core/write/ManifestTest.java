package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The manifest, {@code .dkp-mesh/manifest.json}: the files dkp-mesh owns with their sha256. Only
 * bytes this generator wrote parse; everything else is no manifest, so nothing is deleted on its
 * word.
 */
class ManifestTest {

    private static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC_SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sha256IsTheHexDigestOfTheBytes() {
        // FIPS 180-2 test vectors: "" and "abc"
        assertThat(Manifest.sha256(new byte[0])).isEqualTo(EMPTY_SHA);
        assertThat(Manifest.sha256(bytes("abc"))).isEqualTo(ABC_SHA);
        assertThat(Manifest.sha256(bytes("abc")))
                .as("the digest is reset between files")
                .isEqualTo(ABC_SHA);
    }

    @Test
    void filesAreKeptSortedByPathAndTheCallersMapIsNotShared() {
        Map<String, String> files = new TreeMap<>(Map.of("b.yaml", ABC_SHA, "a.yaml", EMPTY_SHA));
        Manifest manifest = new Manifest("1.2.3", "retail", new TreeMap<>(files));
        files.put("c.yaml", ABC_SHA);
        assertThat(manifest.files()).containsExactly(Map.entry("a.yaml", EMPTY_SHA), Map.entry("b.yaml", ABC_SHA));
    }

    @Test
    void itsBytesNameTheGeneratorAndParseBackToTheSameManifest() {
        Manifest manifest =
                new Manifest("1.2.3", "retail", new TreeMap<>(Map.of("b.yaml", ABC_SHA, "a.yaml", EMPTY_SHA)));
        String text = new String(manifest.toBytes(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"generator\" : \"dkp-mesh\"")
                .contains("\"generatorVersion\" : \"1.2.3\"")
                .contains("\"topology\" : \"retail\"")
                .endsWith("}\n");
        assertThat(text.indexOf("a.yaml")).isLessThan(text.indexOf("b.yaml"));
        assertThat(Manifest.parse(manifest.toBytes())).contains(manifest);
        assertThat(manifest.toBytes()).as("byte-deterministic").isEqualTo(manifest.toBytes());
    }

    @Test
    void unknownFieldsAreSkipped() {
        assertThat(Manifest.parse(bytes("{\"later\": {\"x\": [1, 2]}, \"generator\": \"dkp-mesh\","
                        + " \"topology\": \"t\", \"files\": {\"a.yaml\": \"" + ABC_SHA + "\"}}")))
                .contains(new Manifest("", "t", new TreeMap<>(Map.of("a.yaml", ABC_SHA))));
    }

    @Test
    void bytesThisGeneratorDidNotWriteAreNoManifest() {
        String files = "\"files\": {\"a.yaml\": \"" + ABC_SHA + "\"}";
        assertThat(Manifest.parse(bytes("{\"generator\": \"other\", " + files + "}")))
                .as("another generator's manifest")
                .isEmpty();
        assertThat(Manifest.parse(bytes("{" + files + "}"))).as("no generator").isEmpty();
        assertThat(Manifest.parse(bytes("{\"generator\": \"dkp-mesh\"}")))
                .as("no files")
                .isEmpty();
        assertThat(Manifest.parse(bytes("{\"generator\": \"dkp-mesh\", \"files\": [\"a.yaml\"]}")))
                .as("files not an object")
                .isEmpty();
        assertThat(Manifest.parse(bytes("{\"generator\": \"dkp-mesh\", " + files + "} {}")))
                .as("trailing content")
                .isEmpty();
        assertThat(Manifest.parse(bytes("{\"generator\": \"dkp-mesh\", " + files)))
                .as("cut short")
                .isEmpty();
        assertThat(Manifest.parse(bytes("[\"dkp-mesh\"]"))).as("not an object").isEmpty();
        assertThat(Manifest.parse(new byte[0])).as("empty").isEmpty();
    }
}
