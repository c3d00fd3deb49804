package io.dkpmesh.core.write;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.Severity;
import java.nio.file.Path;
import java.util.List;

/**
 * The output tree cannot be read or written as asked; the tree is as it was. Each becomes one
 * finding with {@link #code()} at {@link #path()}.
 */
public class OutputTreeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient FindingCode code;
    private final String path;

    /**
     * @param code    the finding's code
     * @param path    the path the problem is at, relative to the output directory with {@code /};
     *                empty for the output directory itself
     * @param message what is wrong and what to do
     */
    protected OutputTreeException(FindingCode code, String path, String message) {
        super(message);
        this.code = code;
        this.path = path;
    }

    public FindingCode code() {
        return code;
    }

    /** Relative to the output directory; empty for the output directory itself. */
    public String path() {
        return path;
    }

    /** The one finding of a tree under {@code outputDirectory} that cannot be read or written as asked, at the path it names. */
    public FindingsException findings(Path outputDirectory) {
        String directory = outputDirectory.toString().replace('\\', '/');
        return new FindingsException(List.of(new Finding(
                code.code(),
                Severity.ERROR,
                path.isEmpty() ? directory : directory + "/" + path,
                0,
                0,
                "",
                getMessage())));
    }
}
