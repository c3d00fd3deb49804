package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.layout.Layout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manifest is read with Jackson's streaming parser, the render state as the binary file it
 * writes (a no-op run reads nothing else): what they write reads back as it was, and anything else
 * (damaged, cut short, followed by more, another format) is no manifest or no state at all.
 */
class StateFilesTest {

    private static final Manifest MANIFEST = new Manifest(
            "1.2.3",
            "retail \"eu\"",
            new TreeMap<>(Map.of("clusters/a/x.yaml", "ab12", "clusters/b/ü y.yaml", "cd34")));

    private static final RenderState STATE = new RenderState(
            "/repo/rendered",
            "f00d",
            List.of("certs/a.pem", "certs/b.pem"),
            new RenderState.Owned(Layout.MANIFEST, "beef", Optional.of(new Stamp(90, 1, "(dev=fe00,ino=43)"))),
            12,
            14,
            3,
            List.of(new Finding("DKPM404", Severity.WARNING, "topology.yaml", 7, 5, "/spec/x", "a \"quoted\"\nline")),
            List.of(
                    new RenderState.Owned(
                            "clusters/a/x.yaml",
                            "ab12",
                            Optional.of(new Stamp(4, 1_700_000_000_123_456_789L, "(dev=fe00,ino=42)"))),
                    new RenderState.Owned("clusters/b/ü y.yaml", "cd34", Optional.empty())));

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
    void aStateWithoutStampsReadsBackToo() {
        RenderState bare = new RenderState(
                STATE.outputDirectory(),
                STATE.fingerprint(),
                STATE.named(),
                new RenderState.Owned(Layout.MANIFEST, "beef", Optional.empty()),
                STATE.files(),
                STATE.renderedFiles(),
                STATE.clusters(),
                STATE.warnings(),
                STATE.owned().stream()
                        .map(file -> new RenderState.Owned(file.path(), file.sha256(), Optional.empty()))
                        .toList());
        assertThat(RenderState.parse(bare.toBytes())).contains(bare);
    }

    /**
     * The state holds the moment it was written, taken after everything else in it; read back, a
     * stamp within a tick of that moment (a file written as the state was recorded, or after it)
     * counts as none, so that file is read, as Git reads its racily clean entries.
     */
    @Test
    void aStampThatHadNotSettledWhenTheStateWasWrittenCountsAsNone() {
        long now = Stamp.now();
        Stamp settled = new Stamp(4, now - TimeUnit.SECONDS.toNanos(1) + 7, "(dev=fe00,ino=42)");
        Stamp fresh = new Stamp(4, now - TimeUnit.MILLISECONDS.toNanos(5) + 7, "(dev=fe00,ino=44)");
        RenderState state = new RenderState(
                STATE.outputDirectory(),
                STATE.fingerprint(),
                STATE.named(),
                new RenderState.Owned(Layout.MANIFEST, "beef", Optional.of(fresh)),
                STATE.files(),
                STATE.renderedFiles(),
                STATE.clusters(),
                STATE.warnings(),
                List.of(
                        new RenderState.Owned("clusters/a/x.yaml", "ab12", Optional.of(settled)),
                        new RenderState.Owned("clusters/a/y.yaml", "ab13", Optional.of(fresh))));
        RenderState read = RenderState.parse(state.toBytes()).orElseThrow();
        assertThat(read.manifest().stamp()).isEmpty();
        assertThat(read.owned())
                .extracting(RenderState.Owned::stamp)
                .containsExactly(Optional.of(settled), Optional.empty());
    }

    @Test
    void anythingElseIsNoState() {
        byte[] good = STATE.toBytes();
        for (int length = 0; length < good.length; length++) {
            assertThat(RenderState.parse(Arrays.copyOf(good, length)))
                    .as("cut to %d bytes", length)
                    .isEmpty();
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThat(RenderState.parse(longer)).as("followed by more").isEmpty();
        byte[] otherFormat = good.clone();
        otherFormat[0] = '{';
        assertThat(RenderState.parse(otherFormat)).as("another format").isEmpty();
        String text = new String(good, StandardCharsets.ISO_8859_1);
        byte[] loud = text.replace("WARNING", "LOUDING").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RenderState.parse(loud)).as("an unknown severity").isEmpty();
        // a length that claims more than is left must not allocate it
        byte[] huge = good.clone();
        int at = text.indexOf("/repo/rendered") - 4;
        huge[at] = 0x7f;
        assertThat(RenderState.parse(huge)).as("a damaged length").isEmpty();
        assertThat(RenderState.parse("{\"outputDirectory\":\"/repo/rendered\"}".getBytes(StandardCharsets.UTF_8)))
                .as("the JSON state of an older engine")
                .isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
