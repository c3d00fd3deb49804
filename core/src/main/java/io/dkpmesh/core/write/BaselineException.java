package io.dkpmesh.core.write;

import io.dkpmesh.core.api.FindingCode;

/**
 * The committed tree at a Git ref, the baseline a change is judged against, cannot be read
 * ({@code DKPM906}): no such ref, no Git work tree, no {@code git} command, or a tree that cannot
 * be written out safely. Nothing was compared.
 */
public final class BaselineException extends OutputTreeException {

    private static final long serialVersionUID = 1L;

    /** About the output directory as a whole. */
    BaselineException(String message) {
        super(FindingCode.BASELINE, "", message);
    }
}
