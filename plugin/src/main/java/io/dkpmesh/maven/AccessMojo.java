package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints who can call what: for every protected target (cluster, namespace, service), each caller
 * (cluster, namespace) admitted or not and by which rendered object, and the open targets with
 * the reason. Computed from the objects {@code render} would write, with Istio's and Cilium's own
 * matching rules; writes {@code access.md} and {@code access.json} into the report directory.
 * Never touches the tree; fails only on invalid input.
 */
@Mojo(name = "access", threadSafe = true, requiresProject = false)
public class AccessMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:access} only. */
    @Parameter(property = PropertyNames.ACCESS_SKIP, defaultValue = "false")
    private boolean accessSkip;

    @Override
    protected String goal() {
        return "access";
    }

    @Override
    protected boolean isGoalSkipped() {
        return accessSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
        commands.access(request);
    }
}
