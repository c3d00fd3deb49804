package io.dkpmesh.core.api;

/** How bad a finding is. Errors stop rendering; warnings only do with {@code failOnWarning}. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The lower-case word printed in a finding line. */
    public String label() {
        return label;
    }
}
