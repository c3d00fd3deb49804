package io.dkpmesh.core.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem with the input, pointing at the place a user has to edit.
 *
 * @param code     stable code such as {@code DKPM204}; documented in docs/findings.md, never reused
 * @param severity error or warning
 * @param file     the file as the user named it (relative where possible)
 * @param line     1-based line, 0 when the problem concerns the whole file
 * @param column   1-based column, 0 when unknown
 * @param pointer  JSON pointer into the document ({@code ""} for the whole document)
 * @param message  what is wrong, naming the bad value and what to do; secret material in it (and in
 *                 the pointer) is masked here ({@link Secrets#mask}), so that no console line, report or
 *                 SARIF result built from a finding ever holds a secret whole
 */
public record Finding(
        String code, Severity severity, String file, int line, int column, String pointer, String message) {

    /** Order in which findings are printed: by file, then position, then code. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(Finding::code)
            .thenComparing(Finding::pointer)
            .thenComparing(Finding::message);

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        pointer = maskPointer(pointer);
        message = Secrets.mask(message);
    }

    /** Token by token, unescaped: a key holding a base64 key has its {@code /} written as {@code ~1}. */
    private static String maskPointer(String pointer) {
        String[] tokens = pointer.split("/", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].replace("~1", "/").replace("~0", "~");
            String masked = Secrets.mask(token);
            if (!masked.equals(token)) {
                tokens[i] = masked.replace("~", "~0").replace("/", "~1");
            }
        }
        return String.join("/", tokens);
    }

    /**
     * This finding reported under another code, whose owner it concerns (a file of the import, of the
     * user's policies), the loader's own code kept at the start of the message.
     */
    public Finding under(FindingCode owner) {
        return new Finding(owner.code(), severity, file, line, column, pointer, code + ": " + message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code topology.yaml:23:7: error DKPM204 /spec/clusters/1/podSubnetCIDR: message}. */
    public String format() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(Math.max(column, 1));
        }
        out.append(": ").append(severity.label()).append(' ').append(code).append(' ');
        out.append(pointer.isEmpty() ? "/" : pointer).append(": ").append(message);
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
