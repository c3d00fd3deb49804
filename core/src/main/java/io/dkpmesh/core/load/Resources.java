package io.dkpmesh.core.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Reads the schemas and templates that ship inside the core jar. */
public final class Resources {

    private Resources() {}

    public static String text(String resource) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing bundled resource " + resource + " (a broken build of dkp-mesh-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String resource) {
        return Json.MAPPER.readTree(text(resource));
    }
}
