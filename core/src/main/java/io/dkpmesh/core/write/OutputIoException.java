package io.dkpmesh.core.write;

import io.dkpmesh.core.api.FindingCode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Reading or writing the tree failed in the file system (a full disk, a permission, an immutable
 * file): not a defect of dkp-mesh, so it is a finding ({@code DKPM903}) naming the path and the
 * cause the operating system gave, never a stack trace.
 */
public final class OutputIoException extends OutputTreeException {

    private static final long serialVersionUID = 1L;

    private OutputIoException(String path, String message, IOException cause) {
        super(FindingCode.OUTPUT_IO, path, message);
        initCause(cause);
    }

    /**
     * @param root    the tree's root, to name the path the failure is at relative to it
     * @param doing   what was done, such as {@code writing} or {@code reading}
     * @param outcome what became of the tree, such as "nothing was changed"
     */
    static OutputIoException of(Path root, String doing, IOException cause, String outcome) {
        String at = where(root, cause);
        return new OutputIoException(
                at,
                doing + " " + (at.isEmpty() ? "the output directory" : at) + " failed: " + reason(cause) + "; "
                        + outcome,
                cause);
    }

    /** The operating system's words ({@code No space left on device}), or the exception's. */
    static String reason(IOException cause) {
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (cause.getClass() == IOException.class && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String simple = cause.getClass().getSimpleName().replace("Exception", "");
        return cause.getMessage() == null ? simple : simple + " " + cause.getMessage();
    }

    /**
     * The same failure, naming {@code file}: the JDK's write of a full disk says only "No space
     * left on device", not where.
     */
    static IOException at(Path file, IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return e;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, reason(e));
        named.initCause(e);
        return named;
    }

    /** The failing file relative to the tree, when the exception names one inside it. */
    private static String where(Path root, IOException cause) {
        if (cause instanceof FileSystemException fs && fs.getFile() != null) {
            Path file = Path.of(fs.getFile()).toAbsolutePath().normalize();
            if (file.startsWith(root) && !file.equals(root)) {
                return root.relativize(file).toString().replace('\\', '/');
            }
        }
        return "";
    }
}
