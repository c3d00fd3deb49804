package io.dkpmesh.maven;

/** Every user property the goals read, in one place: the names are part of the product contract. */
public final class PropertyNames {

    public static final String TOPOLOGY = "dkpmesh.topology";
    public static final String OUTPUT_DIRECTORY = "dkpmesh.outputDirectory";
    public static final String REPORT_DIRECTORY = "dkpmesh.reportDirectory";
    public static final String TEMPLATES = "dkpmesh.templates";
    public static final String SKIP = "dkpmesh.skip";
    public static final String FAIL_ON_WARNING = "dkpmesh.failOnWarning";
    public static final String CLUSTERS = "dkpmesh.clusters";
    public static final String SCHEMA_FILE = "dkpmesh.schemaFile";
    public static final String FAIL_ON_TRANSITION = "dkpmesh.failOnTransition";
    public static final String BASELINE = "dkpmesh.baseline";
    public static final String POLICIES = "dkpmesh.policies";
    public static final String IMPORT_FROM = "dkpmesh.importFrom";
    public static final String IMPORT_CLUSTERS = "dkpmesh.importClusters";

    public static final String RENDER_SKIP = "dkpmesh.render.skip";
    public static final String VALIDATE_SKIP = "dkpmesh.validate.skip";
    public static final String CHECK_SKIP = "dkpmesh.check.skip";
    public static final String DIFF_SKIP = "dkpmesh.diff.skip";
    public static final String GRAPH_SKIP = "dkpmesh.graph.skip";
    public static final String SCHEMA_SKIP = "dkpmesh.schema.skip";
    public static final String ACCESS_SKIP = "dkpmesh.access.skip";
    public static final String IMPORT_SKIP = "dkpmesh.import.skip";

    private PropertyNames() {}

    /** {@code dkpmesh.<goal>.skip}. */
    public static String goalSkip(String goal) {
        return "dkpmesh." + goal + ".skip";
    }
}
