package io.dkpmesh.core.load;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import java.util.ArrayList;
import java.util.List;

/** Gathers findings against one source file, resolving JSON pointers to lines and columns. */
public final class Findings {

    private final SourceMap positions;
    private final List<Finding> all = new ArrayList<>();

    public Findings(SourceMap positions) {
        this.positions = positions;
    }

    public SourceMap positions() {
        return positions;
    }

    /** An error at the value of {@code pointer}. */
    public void error(FindingCode code, String pointer, String message) {
        add(code, Severity.ERROR, pointer, positions.valueAt(pointer), message);
    }

    /** A warning at the value of {@code pointer}. */
    public void warning(FindingCode code, String pointer, String message) {
        add(code, Severity.WARNING, pointer, positions.valueAt(pointer), message);
    }

    /** An error at the key of {@code pointer}: for a field that should not be there. */
    public void errorAtKey(FindingCode code, String pointer, String message) {
        add(code, Severity.ERROR, pointer, positions.keyAt(pointer), message);
    }

    public void add(FindingCode code, Severity severity, String pointer, Position at, String message) {
        all.add(new Finding(code.code(), severity, positions.file(), at.line(), at.column(), pointer, message));
    }

    /** A finding about another file (a template, the output directory), at a line of it. */
    public void inFile(FindingCode code, String file, int line, String pointer, String message) {
        inFile(code, file, line, line > 0 ? 1 : 0, pointer, message);
    }

    /** A finding about another file at a line and column of it (1-based; a column of 0 when unknown). */
    public void inFile(FindingCode code, String file, int line, int column, String pointer, String message) {
        all.add(new Finding(code.code(), Severity.ERROR, file, line, column, pointer, message));
    }

    public void addAll(List<Finding> findings) {
        all.addAll(findings);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Finding::isError);
    }

    /** Everything found so far, in print order, without repeats. */
    public List<Finding> sorted() {
        return all.stream().distinct().sorted(Finding.ORDER).toList();
    }
}
