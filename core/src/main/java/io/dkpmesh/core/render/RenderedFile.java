package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A file of the output tree, as bytes, with what produced it.
 *
 * @param path     path inside the output directory, with {@code /}
 * @param template the template that produced it, for findings; empty for generated metadata
 * @param content  the exact bytes
 */
public record RenderedFile(String path, Optional<String> template, byte[] content) {

    /** The cluster whose tree holds it, read off its path; empty for fleet-wide files. */
    public Optional<String> cluster() {
        return Layout.owner(path);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
