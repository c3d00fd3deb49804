package io.dkpmesh.core.write;

/** The output directory cannot be written without touching what is not ours. */
public final class UnsafeOutputException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsafeOutputException(String message) {
        super(message);
    }
}
