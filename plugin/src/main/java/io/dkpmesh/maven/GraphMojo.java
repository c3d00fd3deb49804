package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Draws the topology as a Mermaid flowchart: clusters boxed by region and network, one edge style
 * per mesh model. Prints it and writes it to {@code topology.mmd} in the report directory; the
 * same diagram is in the rendered tree's {@code TOPOLOGY.md}.
 */
@Mojo(name = "graph", threadSafe = true, requiresProject = false)
public class GraphMojo extends AbstractDkpMeshMojo {

    /** The diagram's file in {@code dkpmesh.reportDirectory}. */
    static final String FILE = "topology.mmd";

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
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException, IOException {
        String mermaid = engine.graph(request);
        Path file = reportDirectory().resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, mermaid, StandardCharsets.UTF_8);
        // the text itself goes to the log so it can be pasted into an issue or a chat as it is
        getLog().info("Mermaid graph of " + relative(request.topology()) + " written to " + relative(file) + ":\n"
                + mermaid.stripTrailing());
    }
}
