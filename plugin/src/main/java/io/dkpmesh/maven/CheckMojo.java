package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails when the committed tree is stale: renders in memory and compares with the output
 * directory, listing every missing, edited or no-longer-rendered file dkp-mesh owns. Files it
 * does not own are ignored. The fix is always {@code mvn dkp-mesh:render}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public class CheckMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:check} only. */
    @Parameter(property = PropertyNames.CHECK_SKIP, defaultValue = "false")
    private boolean checkSkip;

    @Override
    protected String goal() {
        return "check";
    }

    @Override
    protected boolean isGoalSkipped() {
        return checkSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException {
        commands.check(request);
    }
}
