package io.dkpmesh.core.render;

/** Turns one mesh model (or the delivery layer) into documents. */
interface Planner {

    void plan(Plan plan);
}
