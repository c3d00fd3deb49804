package io.dkpmesh.core.write;

import io.dkpmesh.core.api.FindingCode;

/** The output directory cannot be written without touching what is not ours ({@code DKPM901}). */
public final class UnsafeOutputException extends OutputTreeException {

    private static final long serialVersionUID = 1L;

    /** About the output directory as a whole. */
    public UnsafeOutputException(String message) {
        this("", message);
    }

    /** About {@code path}, relative to the output directory. */
    public UnsafeOutputException(String path, String message) {
        super(FindingCode.OUTPUT_DIRECTORY, path, message);
    }
}
