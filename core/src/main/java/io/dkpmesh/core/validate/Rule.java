package io.dkpmesh.core.validate;

import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Topology;

/** One family of semantic checks over a structurally valid topology. */
interface Rule {

    void check(Topology topology, Findings findings);
}
