package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, huge values: a 3 MB string in moduleSettings.istio took 22 s and 2.1 GB and was written
 * into a ModuleConfig the API server cannot store. Every string of a topology is at most
 * {@link YamlLoader#MAX_STRING} characters, refused at its line on the event stream (DKPM003), and
 * a cluster's moduleSettings at most 256 KiB as JSON (DKPM312), also when built from aliases.
 */
class HugeValuesTest {

    private static final String MSK = "      clusterDomain: msk.local\n";

    @TempDir
    Path dir;

    @Test
    void aThreeMegabyteValueInModuleSettingsIsRefusedAtItsLineAndTheTreeStays() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        var before = Trees.snapshot(out);
        Files.writeString(
                topology,
                settings("{alliance: {ingressGateway: {serviceAnnotations: {note: \"" + "x".repeat(3_000_000)
                        + "\"}}}}"));

        // what it costs is proved by allocation below (readingAThreeMegabyteValue...), not by a clock:
        // a timed unit test fails on a loaded machine and proves nothing on a fast one
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out)))
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(f -> {
                            assertThat(f.code()).isEqualTo("DKPM003");
                            assertThat(f.line()).as("the line of the value").isEqualTo(11);
                            assertThat(f.message())
                                    .contains("3000000 characters")
                                    .hasSizeLessThan(300);
                        }));
        assertThat(Trees.snapshot(out)).isEqualTo(before);
    }

    @Test
    void readingAThreeMegabyteValueAllocatesAFewTimesItsSizeNotGigabytes() {
        byte[] topology = settings("{x: \"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        YamlLoader.loadTopology("warm-up.yaml", Topologies.FEDERATION.getBytes(StandardCharsets.UTF_8));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", topology);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(document.findings()).extracting(Finding::code).containsExactly("DKPM003");
        assertThat(allocated).as("bytes allocated").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void aStringAtTheLimitIsReadAndOneCharacterMoreIsRefusedWhereItStands() {
        String at = "x".repeat(YamlLoader.MAX_STRING);
        assertThat(YamlLoader.loadTopology("t.yaml", ("a: 1\nb: " + at + "\n").getBytes(StandardCharsets.UTF_8))
                        .findings())
                .isEmpty();
        assertThat(YamlLoader.loadTopology("t.yaml", ("a: 1\nb: " + at + "x\n").getBytes(StandardCharsets.UTF_8))
                        .findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("DKPM003");
                    assertThat(f.line()).isEqualTo(2);
                    assertThat(f.column()).isEqualTo(4);
                });
        // an explicit key: an implicit one is at most 1024 characters in YAML, so longer is a syntax error
        assertThat(YamlLoader.loadTopology("t.yaml", ("a: 1\n? " + at + "x\n: b\n").getBytes(StandardCharsets.UTF_8))
                        .findings())
                .as("a key is a string too")
                .extracting(Finding::code, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DKPM003", 2));
    }

    @Test
    void renderedFilesAreReadWithoutTheStringLimit() {
        // a metadataCA bundle (up to 64 KiB) is rendered into IstioFederation metadata.ca
        String ca = "x".repeat(64 * 1024);
        assertThat(YamlLoader.load("out.yaml", ("ca: " + ca + "\n").getBytes(StandardCharsets.UTF_8))
                        .findings())
                .isEmpty();
    }

    @Test
    void moduleSettingsLargerThanAModuleConfigShouldHoldAreRefusedAtTheirLine() throws Exception {
        StringBuilder annotations = new StringBuilder("{alliance: {ingressGateway: {serviceAnnotations: {");
        for (int i = 0; i < 20; i++) {
            annotations
                    .append("a")
                    .append(i)
                    .append(": ")
                    .append("x".repeat(15_000))
                    .append(", ");
        }
        List<Finding> errors = errors(settings(annotations.append("b: y}}}}").toString()));
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM312");
            assertThat(f.pointer()).isEqualTo("/spec/clusters/0/moduleSettings/istio");
            assertThat(f.line()).isEqualTo(11);
        });
    }

    @Test
    void moduleSettingsBuiltFromAliasesAreMeasuredAsExpanded() throws Exception {
        String topology = Topologies.FEDERATION.replace(
                MSK,
                MSK + "      moduleSettings:\n        istio:\n          dataPlane:\n            a: &big "
                        + "x".repeat(15_000) + "\n" + "            b: [" + "*big, ".repeat(40) + "*big]\n");
        assertThat(errors(topology)).extracting(Finding::code).containsExactly("DKPM312");
    }

    @Test
    void moduleSettingsJustUnderTheLimitAreAccepted() throws Exception {
        StringBuilder annotations = new StringBuilder("{alliance: {ingressGateway: {serviceAnnotations: {");
        for (int i = 0; i < 16; i++) {
            annotations
                    .append("a")
                    .append(i)
                    .append(": ")
                    .append("x".repeat(15_000))
                    .append(", ");
        }
        assertThat(errors(settings(annotations.append("b: y}}}}").toString()))).isEmpty();
    }

    private static String settings(String istio) {
        return Topologies.FEDERATION.replace(MSK, MSK + "      moduleSettings: {istio: " + istio + "}\n");
    }

    private List<Finding> errors(String topology) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology);
        return new DkpMesh(EngineLog.SILENT)
                .validate(RenderRequest.of(file, dir.resolve("rendered"))).stream()
                        .filter(Finding::isError)
                        .toList();
    }
}
