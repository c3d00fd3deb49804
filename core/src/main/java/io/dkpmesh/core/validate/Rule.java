package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One family of semantic checks over a structurally valid topology. */
interface Rule {

    void check(Topology topology, Findings findings);

    /**
     * Names of one kind of thing must be unique: the second of two is the error, pointing back at the first.
     *
     * @param what     "cluster" or "mesh", for the message
     * @param pointer  JSON pointer of each item
     */
    static <T> void uniqueNames(List<T> items, Function<T, String> name, Function<T, String> pointer, String what, Findings findings) {
        Map<String, T> byName = new HashMap<>();
        for (T item : items) {
            T first = byName.putIfAbsent(name.apply(item), item);
            if (first != null) {
                findings.error(FindingCode.DUPLICATE_NAME, pointer.apply(item) + "/name", what + " name " + Text.quote(name.apply(item))
                        + " is already used at " + pointer.apply(first) + "; " + what + " names must be unique");
            }
        }
    }
}
