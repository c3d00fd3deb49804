package io.dkpmesh.core.model;

import java.util.Locale;

/** What implements a mesh. */
public enum Provider {
    ISTIO,
    CILIUM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Provider of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
