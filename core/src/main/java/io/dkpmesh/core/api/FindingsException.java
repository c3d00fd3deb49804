package io.dkpmesh.core.api;

import java.util.List;
import java.util.stream.Collectors;

/** The input is wrong: thrown with every finding at once, so a user fixes them in one round. */
public class FindingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public FindingsException(List<Finding> findings) {
        super(summary(findings));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    private static String summary(List<Finding> findings) {
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        String lines = findings.stream().map(Finding::format).collect(Collectors.joining("\n"));
        return Text.count(errors, "error") + ", " + Text.count(warnings, "warning") + ":\n" + lines;
    }
}
