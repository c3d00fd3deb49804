package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.RenderRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the JSON Schema of {@code topology.yaml}, for completion and validation in editors
 * (any editor with the YAML language server: VS Code, IntelliJ, Neovim).
 */
@Mojo(name = "schema", threadSafe = true, requiresProject = false)
public class SchemaMojo extends AbstractDkpMeshMojo {

    /** Where to write the schema. */
    @Parameter(
            property = PropertyNames.SCHEMA_FILE,
            defaultValue = "${project.build.directory}/dkp-mesh/topology.schema.json",
            required = true)
    private File schemaFile;

    /** Skip {@code dkp-mesh:schema} only. */
    @Parameter(property = PropertyNames.SCHEMA_SKIP, defaultValue = "false")
    private boolean schemaSkip;

    @Override
    protected String goal() {
        return "schema";
    }

    @Override
    protected boolean isGoalSkipped() {
        return schemaSkip;
    }

    @Override
    protected void run(DkpMesh engine, RenderRequest request) throws IOException {
        Path file = resolve(schemaFile);
        byte[] schema = DkpMesh.topologySchema().getBytes(StandardCharsets.UTF_8);
        // an unchanged schema keeps its mtime, so editors watching the file do not reload it
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), schema)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, schema);
        }
        getLog().info("Wrote the topology JSON Schema to " + relative(file) + "; for completion in your editor, start "
                + relative(request.topology()) + " with: # yaml-language-server: $schema="
                + schemaReference(request.topology(), file));
    }

    /** The schema as the YAML language server resolves it: relative to the topology file when possible. */
    private static String schemaReference(Path topology, Path schema) {
        Path from = topology.toAbsolutePath().normalize().getParent();
        Path to = schema.toAbsolutePath().normalize();
        if (from == null || !from.getRoot().equals(to.getRoot())) {
            return to.toUri().toString();
        }
        return from.relativize(to).toString().replace(File.separatorChar, '/');
    }
}
