package io.dkpmesh.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Samples of exactly what the renderer emits, one object per file in {@code src/test/resources/output-samples/}:
 * {@code check.OutputSchemasTest} checks them against our output schemas and upstream's, and
 * {@link UpstreamSchemasTest} uses the same objects to prove the upstream helper accepts and refuses.
 */
public final class OutputSamples {

    private OutputSamples() {}

    /** The text of {@code output-samples/<name>.yaml}; a missing sample is a test mistake. */
    public static String read(String name) {
        String resource = "output-samples/" + name + ".yaml";
        try (InputStream in = OutputSamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
