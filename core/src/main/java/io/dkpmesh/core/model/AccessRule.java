package io.dkpmesh.core.model;

import java.util.List;
import java.util.Optional;

/** Who may call a namespace, or one service in it. */
public record AccessRule(String pointer, String namespace, Optional<String> service, List<Caller> from) {

    public AccessRule {
        from = List.copyOf(from);
    }

    /** A caller: a cluster, a namespace in any member, or a namespace in one cluster. */
    public record Caller(String pointer, Optional<String> cluster, Optional<String> namespace) {
    }
}
