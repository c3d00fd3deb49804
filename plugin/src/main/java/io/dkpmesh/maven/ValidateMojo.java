package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.report.Reports;
import java.io.IOException;
import java.util.List;
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
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException, IOException {
        // what check would fail on is in the reports too: one goal gives CI the whole picture
        List<Finding> findings = engine.findings(request);
        // reports first: CI uploads them precisely when the build fails
        Reports.write(findings, reportDirectory(), DkpMesh.version(), request.topology());
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        if (errors > 0 || (warnings > 0 && failOnWarning())) {
            throw new FindingsException(findings);
        }
        failOnTransitions(findings);
        reportWarnings(findings);
        getLog().info("Validated " + relative(request.topology()) + ": " + Text.count(errors, "error") + ", "
                + Text.count(warnings, "warning") + "; reports in " + relative(reportDirectory()) + "/");
    }
}
