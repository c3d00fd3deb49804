package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Json;
import io.dkpmesh.core.load.JsonTokens;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * {@code .dkp-mesh/manifest.json} ({@link Layout#MANIFEST}): the files the plugin owns, with their sha256. Only files listed
 * here are ever replaced or deleted; everything else in the output directory is the user's.
 */
public record Manifest(String generatorVersion, String topology, SortedMap<String, String> files) {

    public Manifest {
        files = new TreeMap<>(files);
    }

    public byte[] toBytes() {
        // streamed through the pretty printer into bytes: no node per owned file, no text copied
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * (files.size() + 4));
        try (JsonGenerator json = Json.INDENTED.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringProperty("generator", "dkp-mesh");
            json.writeStringProperty("generatorVersion", generatorVersion);
            json.writeStringProperty("topology", topology);
            json.writeName("files");
            json.writeStartObject();
            files.forEach(json::writeStringProperty);
            json.writeEndObject();
            json.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** Empty when the bytes are not a manifest this plugin wrote. */
    public static Optional<Manifest> parse(byte[] bytes) {
        // streamed: one entry per owned file, tens of thousands in a large fleet
        try (JsonParser parser = JsonTokens.parser(bytes)) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String generator = "";
            String generatorVersion = "";
            String topology = "";
            SortedMap<String, String> files = null;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                parser.nextToken();
                switch (name) {
                    case "generator" -> generator = JsonTokens.text(parser);
                    case "generatorVersion" -> generatorVersion = JsonTokens.text(parser);
                    case "topology" -> topology = JsonTokens.text(parser);
                    case "files" -> files = files(parser);
                    default -> parser.skipChildren();
                }
            }
            if (!"dkp-mesh".equals(generator) || files == null || !JsonTokens.atEnd(parser)) {
                return Optional.empty();
            }
            return Optional.of(new Manifest(generatorVersion, topology, files));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The {@code files} object, path to sha256; null when it is not an object. */
    private static SortedMap<String, String> files(JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (String path = parser.nextName(); path != null; path = parser.nextName()) {
            parser.nextToken();
            files.put(path, JsonTokens.text(parser));
        }
        return files;
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
