package io.dkpmesh.core.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * The named steps of the engine, in the order a render runs them (docs/architecture.md). Each step
 * has one home package, which owns its job; {@link #PACKAGE_ORDER} is the direction in which those
 * packages may import each other: a step's package never imports the package of a step after it.
 */
public enum Step {
    /** Are the inputs and the tree on disk as the last render left them? ({@code write.RenderInputs}) */
    INPUTS("write"),
    /** Schema and rules: findings, and the topology model ({@code validate.TopologyValidator}). */
    VALIDATE("validate"),
    /** The providers' and the delivery's planners turn the model into documents ({@code render.Planning}). */
    PLAN("render"),
    /** The templates turn the documents into bytes ({@code render.Renderer}). */
    RENDER("render"),
    /** The rendered files parsed once, for the access matrix and the self-check ({@code access.AccessStep}). */
    READ_BACK("access"),
    /** Who can call what in the rendered objects, and {@code ACCESS.md} ({@code access.AccessStep}). */
    ACCESS("access"),
    /** The render compared with the tree on disk ({@code write.TreeWriter#compare}). */
    COMPARE("write"),
    /** Every changed file against its consumer's schema and rules ({@code check.SelfCheck}). */
    SELF_CHECK("check"),
    /** The access matrix compared with what the topology asks ({@code access.AccessStep#check}). */
    ACCESS_CHECK("access"),
    /** The tree written as one transaction ({@code write.TreeWriter#write}). */
    WRITE("write"),
    /** The inputs of the render recorded, so that an unchanged re-render is a no-op ({@code write.RenderInputs}). */
    RECORD("write"),
    /** The baseline tree read from Git ({@code write.GitBaseline}). */
    BASELINE("write"),
    /** The access matrix of an unchanged tree on disk, without rendering ({@code access.AccessEvaluator}). */
    TREE_ACCESS("access");

    /**
     * The packages of the steps, earliest first: each may import those before it, never one after it
     * (StepTest reads the sources). The self-check runs after the comparison, so that files already
     * on disk byte for byte are not checked again, and the access matrix before it, because
     * {@code ACCESS.md} is one of the files compared; neither package imports the other.
     */
    public static final List<String> PACKAGE_ORDER = List.of("validate", "render", "check", "access", "write");

    private final String home;

    Step(String home) {
        this.home = home;
    }

    /** The package (below {@code io.dkpmesh.core}) that owns this step's job. */
    public String home() {
        return home;
    }

    /** How reports name the step: {@code self-check}, {@code read-back}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
