package io.dkpmesh.core.access;

import java.util.List;

/**
 * What one enforcement layer (Istio's sidecar, Cilium's datapath) decides for one caller.
 *
 * @param allowed whether the layer lets the caller's requests through
 * @param by      the objects that decided it (empty when none selects the workload)
 * @param reason  why, in words
 * @param unknown whether the layer's answer cannot be known offline (an Istio CUSTOM policy asks an
 *                external authorizer)
 */
public record LayerVerdict(boolean allowed, List<String> by, String reason, boolean unknown) {

    public LayerVerdict {
        by = List.copyOf(by);
    }

    public LayerVerdict(boolean allowed, List<String> by, String reason) {
        this(allowed, by, reason, false);
    }

    static final LayerVerdict OPEN = new LayerVerdict(true, List.of(), "no policy selects it");
}
