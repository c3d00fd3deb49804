package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Text;
import java.util.List;
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
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException {
        if (failOnWarning()) {
            // decide before rendering, so a warning never leaves a half-wanted tree on disk
            List<Finding> findings = engine.validate(request);
            if (!findings.isEmpty()) {
                throw new FindingsException(findings);
            }
        }
        RenderSummary summary = engine.render(request);
        reportWarnings(summary.warnings());
        getLog().info("Rendered " + Text.count(summary.files(), "file") + " for "
                + Text.count(summary.clusters(), "cluster") + " into "
                + relative(request.outputDirectory()) + "/ (" + summary.written() + " changed, "
                + summary.deleted() + " removed)");
    }
}
