package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the plan of what {@code render} would change, per cluster: objects added, changed and
 * removed, and writes it as {@code plan.md} and {@code plan.json} into the report directory for a
 * pull-request comment. Never touches the tree; fails only on invalid input.
 */
@Mojo(name = "diff", threadSafe = true, requiresProject = false)
public class DiffMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:diff} only. */
    @Parameter(property = PropertyNames.DIFF_SKIP, defaultValue = "false")
    private boolean diffSkip;

    @Override
    protected String goal() {
        return "diff";
    }

    @Override
    protected boolean isGoalSkipped() {
        return diffSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
        commands.diff(request);
    }
}
