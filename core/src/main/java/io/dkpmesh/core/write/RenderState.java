package io.dkpmesh.core.write;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Json;
import io.dkpmesh.core.load.JsonTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the last successful render of one output directory saw and said, kept in the build's state
 * directory (a folder of the front end's build output, outside the rendered tree, never committed), so that
 * the next run with the same inputs can prove the tree is still current without validating or
 * rendering again (a no-op).
 *
 * <p>It records the {@link InputFingerprint input fingerprint} of that render, the sha256 of the
 * manifest it wrote, its file and cluster counts and its warnings. A run whose inputs have the same
 * fingerprint, whose manifest on disk has that sha256 and every one of whose owned files on disk
 * still has the sha256 the manifest records, would render the very same tree and findings: it
 * reports them from here. Anything else (an input changed, a file edited, deleted or turned into a
 * link, an interrupted transaction, a missing or damaged state file) means the full render.
 *
 * @param outputDirectory the output directory, absolute: one state file per output directory
 * @param fingerprint     the input fingerprint of that render
 * @param named           the files the topology named, as the fingerprint covers them
 * @param manifestSha256  the sha256 of the manifest that render left
 * @param files           files in the tree that render reported (those of the clusters in scope)
 * @param renderedFiles   files the whole topology renders (what check reports)
 * @param clusters        clusters that render reported
 * @param warnings        that render's warnings, as it reported them
 */
public record RenderState(
        String outputDirectory,
        String fingerprint,
        List<String> named,
        String manifestSha256,
        int files,
        int renderedFiles,
        int clusters,
        List<Finding> warnings) {

    public RenderState {
        named = List.copyOf(named);
        warnings = List.copyOf(warnings);
    }

    /** The state file of {@code outputDirectory} in {@code stateDirectory}. */
    public static Path file(Path stateDirectory, Path outputDirectory) {
        String key = Manifest.sha256(key(outputDirectory).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        return stateDirectory.toAbsolutePath().normalize().resolve("render-state-" + key + ".json");
    }

    private static String key(Path outputDirectory) {
        return outputDirectory.toAbsolutePath().normalize().toString();
    }

    /** The state recorded for the output directory, if it is there and readable. */
    public static Optional<RenderState> read(Path stateDirectory, Path outputDirectory) {
        Path file = file(stateDirectory, outputDirectory);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return parse(Files.readAllBytes(file))
                    .filter(s -> s.outputDirectory().equals(key(outputDirectory)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The no-op proof: the state recorded in the output directory, when its fingerprint is
     * {@code fingerprint} and the tree on disk is exactly what that render left.
     */
    public static Optional<RenderState> unchanged(
            Path stateDirectory, Path outputDirectory, String fingerprint, String generatorVersion) {
        Path root = outputDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(TreeWriter.resolve(root, TreeWriter.TX), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Optional<RenderState> state =
                read(stateDirectory, root).filter(s -> s.fingerprint().equals(fingerprint));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path manifestFile = TreeWriter.resolve(root, Layout.MANIFEST);
            if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(manifestFile);
            if (!Manifest.sha256(bytes).equals(state.get().manifestSha256())) {
                return Optional.empty();
            }
            Optional<Manifest> manifest =
                    Manifest.parse(bytes).filter(m -> m.generatorVersion().equals(generatorVersion));
            if (manifest.isEmpty()) {
                return Optional.empty();
            }
            List<Map.Entry<String, String>> owned =
                    new ArrayList<>(manifest.get().files().entrySet());
            for (Map.Entry<String, String> entry : owned) {
                TreeWriter.safe(entry.getKey());
            }
            boolean intact =
                    owned.parallelStream().allMatch(entry -> sameSha256(root, entry.getKey(), entry.getValue()));
            return intact ? state : Optional.empty();
        } catch (IOException | UnsafeOutputException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean sameSha256(Path root, String path, String sha256) {
        Path file = TreeWriter.resolve(root, path);
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Manifest.sha256(Files.readAllBytes(file)).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records this state after a render left the tree; best effort: a state that cannot be written
     * only costs the next run its no-op.
     */
    public void write(Path stateDirectory) {
        Path file = file(stateDirectory, Path.of(outputDirectory));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, toBytes());
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            forget(stateDirectory, Path.of(outputDirectory));
        }
    }

    /** Removes the recorded state: the next run renders in full. Best effort. */
    public static void forget(Path stateDirectory, Path outputDirectory) {
        Path file = file(stateDirectory, outputDirectory);
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // nothing to do: a state that is still there fails its manifest or fingerprint check
        }
    }

    byte[] toBytes() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("outputDirectory", outputDirectory);
        root.put("fingerprint", fingerprint);
        ArrayNode namedNode = root.putArray("named");
        named.forEach(namedNode::add);
        root.put("manifestSha256", manifestSha256);
        root.put("files", files);
        root.put("renderedFiles", renderedFiles);
        root.put("clusters", clusters);
        ArrayNode list = root.putArray("warnings");
        for (Finding finding : warnings) {
            ObjectNode node = list.addObject();
            node.put("code", finding.code());
            node.put("severity", finding.severity().name());
            node.put("file", finding.file());
            node.put("line", finding.line());
            node.put("column", finding.column());
            node.put("pointer", finding.pointer());
            node.put("message", finding.message());
        }
        return (Json.INDENTED.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Streamed, as {@link Manifest#parse}: a no-op run reads this before anything else and then stops. */
    static Optional<RenderState> parse(byte[] bytes) {
        try (JsonParser parser = JsonTokens.parser(bytes)) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String outputDirectory = null;
            String fingerprint = null;
            String manifestSha256 = null;
            List<String> named = null;
            List<Finding> warnings = null;
            int files = 0;
            int renderedFiles = 0;
            int clusters = 0;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "outputDirectory" -> outputDirectory = string(parser, value);
                    case "fingerprint" -> fingerprint = string(parser, value);
                    case "manifestSha256" -> manifestSha256 = string(parser, value);
                    case "named" -> named = array(parser, JsonTokens::text);
                    case "warnings" -> warnings = array(parser, RenderState::warning);
                    case "files" -> files = JsonTokens.integer(parser);
                    case "renderedFiles" -> renderedFiles = JsonTokens.integer(parser);
                    case "clusters" -> clusters = JsonTokens.integer(parser);
                    default -> parser.skipChildren();
                }
            }
            if (outputDirectory == null
                    || fingerprint == null
                    || manifestSha256 == null
                    || named == null
                    || warnings == null
                    || !JsonTokens.atEnd(parser)) {
                return Optional.empty();
            }
            return Optional.of(new RenderState(
                    outputDirectory, fingerprint, named, manifestSha256, files, renderedFiles, clusters, warnings));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A string value, or null for anything else. */
    private static String string(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    /** An array, each element read by {@code element}; null when it is not an array. */
    private static <T> List<T> array(JsonParser parser, Function<JsonParser, T> element) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<T> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(element.apply(parser));
        }
        return list;
    }

    /** One finding as {@link #toBytes} writes it. */
    private static Finding warning(JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("a warning that is not an object");
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Integer> numbers = new HashMap<>();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            parser.nextToken();
            if (name.equals("line") || name.equals("column")) {
                numbers.put(name, JsonTokens.integer(parser));
            } else {
                fields.put(name, JsonTokens.text(parser));
            }
        }
        return new Finding(
                fields.getOrDefault("code", ""),
                Severity.valueOf(fields.getOrDefault("severity", "")),
                fields.getOrDefault("file", ""),
                numbers.getOrDefault("line", 0),
                numbers.getOrDefault("column", 0),
                fields.getOrDefault("pointer", ""),
                fields.getOrDefault("message", ""));
    }
}
