package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates the topology, renders it in memory (self-check included) and, when the output
 * directory exists, compares it with the tree there as {@code check} does; writes every finding
 * to {@code report.json} and SARIF {@code report.sarif}, even when the build then fails.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = false)
public class ValidateMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:validate} only. */
    @Parameter(property = PropertyNames.VALIDATE_SKIP, defaultValue = "false")
    private boolean validateSkip;

    @Override
    protected String goal() {
        return "validate";
    }

    @Override
    protected boolean isGoalSkipped() {
        return validateSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
        commands.validate(request);
    }
}
