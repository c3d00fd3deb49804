package io.dkpmesh.core.testing;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Renders a topology given as text, in memory: its files by path, or the findings that refused it. */
public final class InMemory {

    private InMemory() {}

    /** What a render gave: files when it succeeded, else the findings. */
    public record Result(Map<String, String> files, List<Finding> findings) {

        public boolean ok() {
            return findings.stream().noneMatch(Finding::isError);
        }

        public List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        /** A rendered YAML file, parsed. */
        public JsonNode yaml(String path) {
            String text = files.get(path);
            if (text == null) {
                throw new AssertionError(
                        "not rendered: " + path + "; rendered: " + files.keySet() + "; findings: " + findings);
            }
            return YamlLoader.load(path, text.getBytes(StandardCharsets.UTF_8))
                    .root()
                    .orElseThrow();
        }
    }

    public static Result render(String topology, Path work) {
        try {
            Path file = Files.writeString(Files.createTempFile(work, "topology", ".yaml"), topology);
            try {
                Rendered rendered =
                        new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(file, work.resolve("rendered")));
                Map<String, String> files = new TreeMap<>();
                for (RenderedFile f : rendered.files()) {
                    files.put(f.path(), f.text());
                }
                return new Result(files, rendered.warnings());
            } catch (FindingsException e) {
                return new Result(Map.of(), e.findings());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
