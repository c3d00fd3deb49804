package io.dkpmesh.core.api;

import java.util.List;

/**
 * What a render did.
 *
 * @param files    files the rendered tree holds
 * @param clusters clusters rendered
 * @param written  files whose bytes changed and were written
 * @param deleted  stale owned files removed
 * @param warnings warning findings (rendering went ahead)
 */
public record RenderSummary(int files, int clusters, int written, int deleted, List<Finding> warnings) {

    public RenderSummary {
        warnings = List.copyOf(warnings);
    }
}
