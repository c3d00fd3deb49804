package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.report.Reports;
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
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException, IOException {
        ChangePlan plan = engine.diff(request);
        Reports.writePlan(plan, reportDirectory(), relative(request.topology()));
        for (ChangePlan.ClusterChanges cluster : plan.clusters()) {
            getLog().info(cluster.cluster() + ":");
            for (ChangePlan.ObjectChange change : cluster.changes()) {
                getLog().info(String.format(
                        "  %-7s %s %s%s%s",
                        change.action().label(),
                        change.kind(),
                        change.namespace().isEmpty() ? "" : change.namespace() + "/",
                        change.name(),
                        change.cause() == ChangePlan.Cause.TOPOLOGY
                                ? ""
                                : " (" + change.cause().label() + ")"));
                Reports.fieldLines(change).forEach(line -> getLog().info("      " + line));
            }
        }
        if (!plan.transitions().isEmpty()) {
            getLog().warn("transitions (what the running clusters cannot simply take):");
            for (ChangePlan.Transition transition : plan.transitions()) {
                getLog().warn("  " + transition.finding().format());
                for (int i = 0; i < transition.steps().size(); i++) {
                    getLog().warn("      " + (i + 1) + ". "
                            + transition.steps().get(i).line());
                }
            }
        }
        if (!plan.access().isEmpty()) {
            getLog().info("access:");
            plan.access().forEach(change -> getLog().info("  " + change.line()));
        }
        getLog().info("Plan: " + plan.count(Action.ADDED) + " to add, " + plan.count(Action.CHANGED) + " to change, "
                + plan.count(Action.REMOVED) + " to remove; written to " + relative(reportDirectory()) + "/"
                + Reports.PLAN_MD);
        failOnTransitions(plan.transitionFindings());
    }
}
