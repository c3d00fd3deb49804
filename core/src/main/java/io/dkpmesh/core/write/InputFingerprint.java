package io.dkpmesh.core.write;

import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The sha256 of everything a render's output and findings depend on, in a fixed order: the engine
 * itself (its code and templates, and the libraries that shape its output), the topology file's
 * bytes and name, the files the topology names (metadata CA certificates, by the paths it gives),
 * the user templates folder and the user policies folder (every file's relative path and bytes), the clusters asked for, how
 * findings name the topology and phrase their fixes, and where the repository root lies. Two
 * requests with the same fingerprint render the same tree and report the same findings.
 *
 * <p>Each part goes in as a tag, a length and its bytes, so no two different inputs run together
 * into the same stream.
 */
public final class InputFingerprint {

    private final MessageDigest digest;

    private InputFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * @param request     the render request
     * @param displayName how findings name the topology file
     * @param phrasing    how findings phrase their fixes (the suggestions in force)
     * @param namedFiles  the paths the topology names, as written there (relative to its folder)
     * @return the fingerprint, or empty when an input cannot be read as plain files (no no-op then)
     */
    public static Optional<String> of(
            RenderRequest request, String displayName, String phrasing, List<String> namedFiles) {
        return of(engine(), request, displayName, phrasing, namedFiles);
    }

    static Optional<String> of(
            String engine, RenderRequest request, String displayName, String phrasing, List<String> namedFiles) {
        try {
            InputFingerprint f = new InputFingerprint();
            f.part("engine", engine);
            f.part("phrasing", phrasing);
            f.part("display", displayName);
            Path topology = request.topology().toAbsolutePath().normalize();
            if (!Files.isRegularFile(topology)) {
                return Optional.empty();
            }
            f.part("topology-name", String.valueOf(topology.getFileName()));
            f.part("topology", Files.readAllBytes(topology));
            f.part("clusters", String.join("\n", new TreeSet<>(request.clusters())));
            Path base = topology.getParent();
            Path repoRoot = repositoryRoot(base);
            f.part("repository", base.relativize(repoRoot).toString());
            if (request.templates().isPresent()
                    && !f.templates(request.templates().get())) {
                return Optional.empty();
            }
            // the user's own policies shape ACCESS.md: a change there is a change of the inputs
            if (request.userPolicies().isPresent()) {
                f.part("user-policies", "");
                if (!f.templates(request.userPolicies().get())) {
                    return Optional.empty();
                }
            }
            Path realRoot = repoRoot.toRealPath();
            for (String named : namedFiles) {
                f.part("named", named);
                Path file = base.resolve(named).normalize();
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    f.part("absent", "");
                    continue;
                }
                Path real = file.toRealPath();
                f.part("real", realRoot.relativize(real).toString().replace('\\', '/'));
                if (Files.isRegularFile(real)) {
                    f.part("bytes", Files.readAllBytes(real));
                } else {
                    f.part("not-a-file", "");
                }
            }
            return Optional.of(HexFormat.of().formatHex(f.digest.digest()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Every file below a folder (the templates', the user policies'), by relative path; false when a
     * link is among them.
     */
    private boolean templates(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            part("templates", Files.exists(folder) ? "not-a-folder" : "absent");
            return !Files.isSymbolicLink(folder);
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(folder)) {
            entries = walk.sorted().toList();
        }
        for (Path entry : entries) {
            String relative = folder.relativize(entry).toString().replace('\\', '/');
            if (Files.isSymbolicLink(entry)) {
                return false;
            }
            if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                part("template", relative);
                part("bytes", Files.readAllBytes(entry));
            } else {
                part("folder", relative);
            }
        }
        return true;
    }

    /** The nearest folder holding {@code .git}, else the topology's own folder (as the validator decides it). */
    private static Path repositoryRoot(Path base) {
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return base;
    }

    private void part(String tag, String value) {
        part(tag, value.getBytes(StandardCharsets.UTF_8));
    }

    private void part(String tag, byte[] value) {
        byte[] name = tag.getBytes(StandardCharsets.UTF_8);
        digest.update(name);
        digest.update((byte) 0);
        digest.update(Long.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(value);
    }

    private static volatile String engine;

    /**
     * The engine's identity: its own code and bundled templates and schemas (the jar's path and
     * {@link Stamp stamp}, or the sha256 of every file of the classes folder), and the file names, with their versions, of the
     * libraries that parse, validate and template. A snapshot rebuilt with other code is another
     * engine, though its version string stays. Computed once per JVM.
     */
    static String engine() {
        String id = engine;
        if (id == null) {
            id = computeEngine();
            engine = id;
        }
        return id;
    }

    private static String computeEngine() {
        try {
            InputFingerprint f = new InputFingerprint();
            f.part("code", codeDigest(InputFingerprint.class));
            for (String library : List.of(
                    "freemarker.template.Configuration",
                    "org.snakeyaml.engine.v2.api.Load",
                    "tools.jackson.databind.json.JsonMapper",
                    "com.networknt.schema.Error")) {
                f.part("library", library + "@" + location(library));
            }
            return HexFormat.of().formatHex(f.digest.digest());
        } catch (IOException | RuntimeException e) {
            // unknown code: an identity no other run shares, so nothing is ever taken as unchanged
            return "unknown-" + UUID.randomUUID();
        }
    }

    /**
     * The file name of the jar (or classes folder) a library class comes from, found as a
     * resource: loading the class would load its supertypes too, which a no-op never needs.
     */
    private static String location(String className) {
        String resource = className.replace('.', '/') + ".class";
        URL url = InputFingerprint.class.getClassLoader().getResource(resource);
        if (url == null) {
            return "?";
        }
        String text = url.toString();
        try {
            if (text.startsWith("jar:") && text.contains("!/")) {
                return String.valueOf(
                        Path.of(new URI(text.substring(4, text.indexOf("!/")))).getFileName());
            }
            if (text.startsWith("file:") && text.endsWith(resource)) {
                return String.valueOf(Path.of(new URI(text.substring(0, text.length() - resource.length())))
                        .getFileName());
            }
            return "?";
        } catch (URISyntaxException | RuntimeException e) {
            return "?";
        }
    }

    private static String codeDigest(Class<?> type) throws IOException {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("no code source");
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        InputFingerprint f = new InputFingerprint();
        if (Files.isRegularFile(location)) {
            // a jar is rebuilt or replaced, never edited in place with its time set back: its stamp
            // tells one build from another without reading it
            Optional<Stamp> stamp = Stamp.supported(location) ? Stamp.of(location) : Optional.empty();
            if (stamp.isPresent()) {
                Stamp s = stamp.get();
                f.part("jar", location + "\n" + s.size() + "\n" + s.modified() + "\n" + s.file());
            } else {
                f.part("jar", Files.readAllBytes(location));
            }
        } else {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new UncheckedIOException(new IOException("empty classes folder " + location));
            }
            for (Path file : files) {
                f.part(location.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(f.digest.digest());
    }
}
