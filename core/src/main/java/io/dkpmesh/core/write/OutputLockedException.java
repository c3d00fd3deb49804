package io.dkpmesh.core.write;

import io.dkpmesh.core.api.FindingCode;

/** Another run holds the tree's lock longer than a run waits for it ({@code DKPM904}). */
public final class OutputLockedException extends OutputTreeException {

    private static final long serialVersionUID = 1L;

    OutputLockedException(String path, String message) {
        super(FindingCode.OUTPUT_LOCKED, path, message);
    }
}
