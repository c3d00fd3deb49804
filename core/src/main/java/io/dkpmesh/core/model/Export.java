package io.dkpmesh.core.model;

/** A service a federation member offers to the others. */
public record Export(String pointer, String cluster, String namespace, String service) {}
