package io.dkpmesh.core.render;

/** Turns one mesh model (or the delivery layer) into documents. */
public interface Planner {

    void plan(Plan plan);
}
