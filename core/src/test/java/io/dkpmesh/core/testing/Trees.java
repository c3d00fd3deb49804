package io.dkpmesh.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Snapshots of a folder (bytes and mtimes of every file, link targets) to prove nothing changed. */
public final class Trees {

    private Trees() {}

    /** One entry: a file's bytes and mtime, a link's target, or a directory. */
    public record Entry(String kind, byte[] bytes, long mtime, String link) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e
                    && kind.equals(e.kind)
                    && Arrays.equals(bytes, e.bytes)
                    && mtime == e.mtime
                    && Objects.equals(link, e.link);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, Arrays.hashCode(bytes), mtime, link);
        }

        @Override
        public String toString() {
            return kind
                    + (bytes == null ? "" : " " + bytes.length + " bytes @" + mtime)
                    + (link == null ? "" : " -> " + link);
        }
    }

    /**
     * Every entry below {@code root} but a tree's lock file ({@code .dkp-mesh/lock}), which holds
     * the process id of the last run that locked the tree: local bookkeeping, never part of a tree.
     */
    public static SortedMap<String, Entry> snapshot(Path root) {
        return snapshot(root, path -> !path.equals(LOCK));
    }

    /** A tree's lock file, relative to the tree ({@code Layout.LOCK}). */
    public static final String LOCK = ".dkp-mesh/lock";

    /** Every file, directory and link below {@code root} whose relative path passes {@code include}; links are not followed. */
    public static SortedMap<String, Entry> snapshot(Path root, Predicate<String> include) {
        SortedMap<String, Entry> out = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String rel = relative(root, dir);
                    if (!rel.isEmpty() && !include.test(rel)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!rel.isEmpty()) {
                        out.put(rel + "/", new Entry("dir", null, 0, null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, file);
                    if (!include.test(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        out.put(
                                rel,
                                new Entry(
                                        "link",
                                        null,
                                        0,
                                        Files.readSymbolicLink(file).toString()));
                    } else {
                        out.put(
                                rel,
                                new Entry(
                                        "file",
                                        Files.readAllBytes(file),
                                        attrs.lastModifiedTime().toMillis(),
                                        null));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Only the bytes, by path: what a render produces, independent of when. */
    public static SortedMap<String, String> contents(Map<String, Entry> snapshot) {
        SortedMap<String, String> out = new TreeMap<>();
        snapshot.forEach((path, entry) -> out.put(
                path,
                entry.bytes() == null
                        ? entry.kind()
                        : new String(entry.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    /** The files of a tree as text by path, without its lock ({@link GoldenCases#files}): whole-tree comparisons. */
    public static SortedMap<String, String> texts(Path root) {
        SortedMap<String, String> out = new TreeMap<>();
        GoldenCases.files(root)
                .forEach((path, bytes) -> out.put(path, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    /** A rendered tree given as path, content, path, content, ... */
    public static SortedMap<String, byte[]> of(String... pathsAndContents) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * Copies a folder as Git checks one out: every folder and file anew (new file keys), links
     * copied as what they point to.
     */
    public static void copy(Path from, Path to) {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.write(target, Files.readAllBytes(source));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
