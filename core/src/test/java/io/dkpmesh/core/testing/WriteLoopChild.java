package io.dkpmesh.core.testing;

import io.dkpmesh.core.write.TreeWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Run in a child JVM by the kill test: writes two rendered trees over the output directory in
 * turns, forever, through the engine's {@link TreeWriter}, so that a kill at any moment most
 * likely lands inside a write transaction. No hook in the engine is needed. The trees are read
 * from folders the parent rendered (so the child skips templates and schemas and starts fast).
 *
 * <p>Arguments: {@code tree-a tree-b output-directory}. Prints {@code ready} after the first write.
 */
public final class WriteLoopChild {

    private WriteLoopChild() {}

    public static void main(String[] args) throws Exception {
        SortedMap<String, byte[]> a = files(Path.of(args[0]));
        SortedMap<String, byte[]> b = files(Path.of(args[1]));
        Path out = Path.of(args[2]);
        String version = io.dkpmesh.core.DkpMesh.version();
        for (long i = 0; ; i++) {
            TreeWriter.write(out, i % 2 == 0 ? b : a, path -> true, version, "retail");
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    /** The rendered files of a tree, without the manifest the writer makes itself. */
    private static SortedMap<String, byte[]> files(Path tree) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String path = tree.relativize(file).toString().replace('\\', '/');
                if (!path.startsWith(".dkp-mesh/")) {
                    files.put(path, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }
}
