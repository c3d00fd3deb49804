package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.GoldenCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every golden case and compares the whole tree byte for byte, then renders again to
 * prove a second run writes nothing. {@code -Ddkpmesh.updateGolden=true} rewrites the expected
 * trees (refused on CI): review the diff before committing it.
 */
class GoldenTreesTest {

    static Stream<Path> cases() {
        return GoldenCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersExpectedTreeAndSecondRunChangesNothing(Path goldenCase, @TempDir Path work) throws Exception {
        Path out = work.resolve("rendered");
        RenderRequest request = RenderRequest.of(goldenCase.resolve("topology.yaml"), out);
        RenderSummary first = new DkpMesh(EngineLog.SILENT).render(request);
        SortedMap<String, byte[]> actual = GoldenCases.files(out);

        if (Boolean.getBoolean("dkpmesh.updateGolden")) {
            assertThat(System.getenv("CI"))
                    .as("golden files are never regenerated on CI")
                    .isNotEqualToIgnoringCase("true");
            update(GoldenCases.expected(goldenCase), actual);
        }
        SortedMap<String, byte[]> expected = GoldenCases.files(GoldenCases.expected(goldenCase));
        assertThat(expected)
                .as("expected tree of %s (run with -Ddkpmesh.updateGolden=true once, then review)", goldenCase)
                .isNotEmpty();
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            if (!new String(file.getValue(), StandardCharsets.UTF_8)
                    .equals(new String(actual.get(file.getKey()), StandardCharsets.UTF_8))) {
                differing.add(file.getKey());
            }
        }
        assertThat(differing).as("files that differ from the golden tree").isEmpty();
        // every file but dkp-mesh's own state (the manifest and the .gitignore of its local bookkeeping)
        assertThat(first.written())
                .isEqualTo(actual.keySet().stream()
                        .filter(path -> !Layout.isState(path))
                        .count());

        Map<String, FileTime> mtimes = mtimes(out);
        RenderSummary second = new DkpMesh(EngineLog.SILENT).render(request);
        assertThat(second.written())
                .as("files rewritten by an unchanged render")
                .isZero();
        assertThat(second.deleted()).isZero();
        assertThat(mtimes(out)).isEqualTo(mtimes);
        assertThat(GoldenCases.files(out)).containsOnlyKeys(actual.keySet());
    }

    private static Map<String, FileTime> mtimes(Path dir) throws IOException {
        Map<String, FileTime> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file));
            }
        }
        return out;
    }

    private static void update(Path expected, SortedMap<String, byte[]> actual) throws IOException {
        if (Files.exists(expected)) {
            try (Stream<Path> walk = Files.walk(expected)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, byte[]> file : actual.entrySet()) {
            Path target = expected.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
