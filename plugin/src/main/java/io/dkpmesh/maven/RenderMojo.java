package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Validates the topology and writes one Kustomize tree per cluster, plus the GitOps objects that deliver them. */
@Mojo(name = "render", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class RenderMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:render} only. */
    @Parameter(property = PropertyNames.RENDER_SKIP, defaultValue = "false")
    private boolean renderSkip;

    @Override
    protected String goal() {
        return "render";
    }

    @Override
    protected boolean isGoalSkipped() {
        return renderSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException {
        commands.render(request);
    }
}
