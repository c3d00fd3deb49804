package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static final String MARKDOWN = "access.md";
    static final String JSON = "access.json";

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
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException, IOException {
        AccessMatrix matrix = engine.access(request);
        String markdown = AccessReport.markdown(matrix);
        Path directory = reportDirectory();
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(MARKDOWN), markdown, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(JSON), AccessReport.json(matrix), StandardCharsets.UTF_8);
        long open = matrix.targets().stream()
                .filter(AccessMatrix.TargetAccess::open)
                .count();
        getLog().info("Access of " + relative(request.topology()) + ": "
                + (matrix.targets().size() - open) + " protected and " + open + " open targets; written to "
                + relative(directory.resolve(MARKDOWN)) + " and " + JSON + ":\n" + markdown.stripTrailing());
    }
}
