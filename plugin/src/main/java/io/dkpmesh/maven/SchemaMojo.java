package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.RenderRequest;
import java.io.File;
import java.io.IOException;
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
    protected void run(Commands commands, RenderRequest request) throws IOException {
        commands.schema(request, resolve(schemaFile));
    }
}
