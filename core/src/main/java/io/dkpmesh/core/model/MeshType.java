package io.dkpmesh.core.model;

import java.util.Locale;

/** How a mesh joins its members. */
public enum MeshType {
    SINGLE,
    FEDERATION,
    MULTICLUSTER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MeshType of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
