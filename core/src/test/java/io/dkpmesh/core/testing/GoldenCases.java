package io.dkpmesh.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The golden cases: {@code src/test/resources/golden/<case>/{topology.yaml, expected/**}}. Every
 * test that proves something of rendered trees (kustomize builds them, upstream schemas accept
 * them) runs over all of them, so a new case gets every check for free.
 */
public final class GoldenCases {

    public static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private GoldenCases() {}

    public static List<Path> all() {
        try (Stream<Path> cases = Files.list(ROOT)) {
            return cases.filter(dir -> Files.isRegularFile(dir.resolve("topology.yaml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path expected(Path goldenCase) {
        return goldenCase.resolve("expected");
    }

    /** Every regular file below {@code dir}, by relative path with {@code /}. */
    public static SortedMap<String, byte[]> files(Path dir) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = dir.relativize(file).toString().replace('\\', '/');
                // the lock holds the process id of the last run that locked the tree: not part of it
                if (!path.equals(Trees.LOCK)) {
                    out.put(path, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The cluster folders of an expected tree. */
    public static List<Path> clusterTrees(Path expected) {
        Path clusters = expected.resolve("clusters");
        if (!Files.isDirectory(clusters)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(clusters)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
