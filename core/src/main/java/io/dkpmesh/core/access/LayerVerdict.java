package io.dkpmesh.core.access;

import java.util.List;

/**
 * What one enforcement layer (Istio's sidecar, Cilium's datapath) decides for one caller.
 *
 * @param allowed whether the layer lets the caller's requests through
 * @param by      the objects that decided it (empty when none selects the workload)
 * @param reason  why, in words
 */
public record LayerVerdict(boolean allowed, List<String> by, String reason) {

    public LayerVerdict {
        by = List.copyOf(by);
    }

    static final LayerVerdict OPEN = new LayerVerdict(true, List.of(), "no policy selects it");
}
