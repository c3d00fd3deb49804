package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Draws the topology as a Mermaid flowchart: clusters boxed by region and network, one edge style
 * per mesh model. Prints it and writes it to {@code topology.mmd} in the report directory; the
 * same diagram is in the rendered tree's {@code TOPOLOGY.md}.
 */
@Mojo(name = "graph", threadSafe = true, requiresProject = false)
public class GraphMojo extends AbstractDkpMeshMojo {

    /** Skip {@code dkp-mesh:graph} only. */
    @Parameter(property = PropertyNames.GRAPH_SKIP, defaultValue = "false")
    private boolean graphSkip;

    @Override
    protected String goal() {
        return "graph";
    }

    @Override
    protected boolean isGoalSkipped() {
        return graphSkip;
    }

    @Override
    protected void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
        commands.graph(request);
    }
}
