package io.dkpmesh.core.layout;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The files a render is about: those of the clusters asked for by name (all, when none is named),
 * and always the fleet-wide ones. Reads the owner off the path ({@link Layout#owner}), so it costs
 * the same for any number of clusters.
 *
 * @param known the clusters of the topology: a path of a cluster it no longer has is fleet-wide
 * @param asked the clusters to render; empty for all
 */
public record ClusterScope(Set<String> known, Set<String> asked) implements Predicate<String> {

    /** How plans and summaries name the owner of fleet-wide files. */
    public static final String FLEET = "(fleet)";

    public ClusterScope {
        known = Set.copyOf(known);
        asked = Set.copyOf(asked);
    }

    /** The cluster a path belongs to, or {@link #FLEET} for fleet-wide files. */
    public String owner(String path) {
        return Layout.owner(path).filter(known::contains).orElse(FLEET);
    }

    /** Whether a path is in scope: fleet-wide, or of a cluster asked for. */
    @Override
    public boolean test(String path) {
        if (asked.isEmpty()) {
            return true;
        }
        String owner = owner(path);
        return owner.equals(FLEET) || asked.contains(owner);
    }
}
