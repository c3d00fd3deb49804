package io.dkpmesh.core.render;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A file of the output tree, as bytes, with what produced it.
 *
 * @param cluster  owning cluster; empty for fleet-wide files
 * @param path     path inside the output directory, with {@code /}
 * @param template the template that produced it, for findings; empty for generated metadata
 * @param content  the exact bytes
 */
public record RenderedFile(Optional<String> cluster, String path, Optional<String> template, byte[] content) {

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
