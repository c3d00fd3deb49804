package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One family of semantic checks over a structurally valid topology. A mesh provider contributes
 * its own ({@code MeshProvider.validationRules()}), each at a {@link Point} of the sequence
 * {@link TopologyValidator} runs.
 */
public interface Rule {

    void check(Topology topology, Findings findings);

    /**
     * Where a provider's rule runs among the validator's own rules, which run in this order:
     * {@link #FIRST} (where the providers' traffic rules run: the validator has none of its own),
     * access, {@link #AFTER_ACCESS}, platform callers, {@link #AFTER_PLATFORM_CALLERS},
     * residency, {@link #AFTER_RESIDENCY}, GitOps, {@link #AFTER_GITOPS}, cluster versions,
     * {@link #AFTER_CLUSTER_VERSIONS}. At one point, the providers' rules run in the registry's
     * order, each provider's in the order it lists them.
     */
    enum Point {
        FIRST,
        AFTER_ACCESS,
        AFTER_PLATFORM_CALLERS,
        AFTER_RESIDENCY,
        AFTER_GITOPS,
        AFTER_CLUSTER_VERSIONS
    }

    /** A provider's rule and the point where it runs. */
    record At(Point point, Rule rule) {}

    /**
     * Names of one kind of thing must be unique: the second of two is the error, pointing back at
     * the line of the first. A copied block whose name was not changed is the usual cause, so the
     * finding names the cluster names the topology uses but no cluster has: one of them is likely
     * what the copy was meant to be called.
     *
     * @param what     "cluster" or "mesh", for the message
     * @param pointer  JSON pointer of each item
     * @param missing  names used elsewhere that no item has
     */
    static <T> void uniqueNames(
            List<T> items,
            Function<T, String> name,
            Function<T, String> pointer,
            String what,
            java.util.Set<String> missing,
            Findings findings) {
        Map<String, T> byName = new HashMap<>();
        for (T item : items) {
            T first = byName.putIfAbsent(name.apply(item), item);
            if (first != null) {
                int line = findings.positions()
                        .valueAt(pointer.apply(first) + "/name")
                        .line();
                findings.error(
                        FindingCode.DUPLICATE_NAME,
                        pointer.apply(item) + "/name",
                        what + " name " + Text.quote(name.apply(item))
                                + " is already used by the " + what + " at line " + line + "; " + what
                                + " names must be unique"
                                + (missing.isEmpty()
                                        ? ""
                                        : " (the topology names "
                                                + String.join(
                                                        ", ",
                                                        missing.stream()
                                                                .map(Text::quote)
                                                                .toList()) + ", which no " + what
                                                + " has: perhaps this one)"));
            }
        }
    }

    /** The known name a mistyped one most likely meant: at most a third of its letters differ. */
    static java.util.Optional<String> closest(String name, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = TopologySchema.distance(
                    name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(name.length(), best.length()) / 3)
                ? java.util.Optional.of(best)
                : java.util.Optional.empty();
    }
}
