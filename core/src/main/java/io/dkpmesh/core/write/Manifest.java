package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code .dkp-mesh/manifest.json} ({@link Layout#MANIFEST}): the files the plugin owns, with their sha256. Only files listed
 * here are ever replaced or deleted; everything else in the output directory is the user's.
 */
public record Manifest(String generatorVersion, String topology, SortedMap<String, String> files) {

    public Manifest {
        files = new TreeMap<>(files);
    }

    public byte[] toBytes() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("generator", "dkp-mesh");
        root.put("generatorVersion", generatorVersion);
        root.put("topology", topology);
        ObjectNode list = root.putObject("files");
        files.forEach(list::put);
        return (Json.INDENTED.writeValueAsString(root).replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when the bytes are not a manifest this plugin wrote. */
    public static Optional<Manifest> parse(byte[] bytes) {
        try {
            JsonNode root = Json.MAPPER.readTree(bytes);
            if (!"dkp-mesh".equals(root.path("generator").asString(""))
                    || !root.path("files").isObject()) {
                return Optional.empty();
            }
            SortedMap<String, String> files = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : root.path("files").properties()) {
                files.put(entry.getKey(), entry.getValue().asString(""));
            }
            return Optional.of(new Manifest(
                    root.path("generatorVersion").asString(""),
                    root.path("topology").asString(""),
                    files));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** One digest per thread: looking the algorithm up among the providers costs more than hashing a small file. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    public static String sha256(byte[] content) {
        // digest() resets it for the next file
        return HexFormat.of().formatHex(SHA256.get().digest(content));
    }
}
