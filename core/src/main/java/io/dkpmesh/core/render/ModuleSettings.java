package io.dkpmesh.core.render;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One ModuleConfig holds all of a module's settings: the platform team's and the ones the meshes
 * need. A sync replaces the whole object, so dkp-mesh renders both, merged key by key; a leaf the
 * two give differently is refused where the cluster's settings say it.
 */
public final class ModuleSettings {

    private ModuleSettings() {}

    /**
     * @param needed  what the meshes need, as nested maps
     * @param own     the cluster's own settings (maps, lists, strings, numbers, booleans)
     * @param pointer where {@code own} starts in the topology
     * @return the merged settings, keys sorted at every level
     */
    public static Map<String, Object> merge(
            Map<String, Object> needed, Map<String, Object> own, String pointer, String what, Findings findings) {
        Map<String, Object> merged = new TreeMap<>(own);
        needed.forEach((key, value) -> {
            Object theirs = own.get(key);
            if (theirs == null) {
                merged.put(key, value);
            } else if (value instanceof Map<?, ?> need && theirs instanceof Map<?, ?> have) {
                merged.put(key, merge(cast(need), cast(have), pointer + "/" + key, what, findings));
            } else if (!same(value, theirs)) {
                findings.error(
                        FindingCode.MODULE_SETTINGS_CONFLICT,
                        pointer + "/" + key,
                        what + " sets " + key + " to " + show(theirs)
                                + ", but the cluster's meshes need " + show(value)
                                + " there (one ModuleConfig holds both); "
                                + "remove it from moduleSettings, or change the mesh");
            }
        });
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.toString().equals(y.toString());
        }
        return Objects.equals(a, b);
    }

    private static String show(Object value) {
        return value instanceof String s
                ? Text.quote(s)
                : value instanceof Map<?, ?> || value instanceof List<?> ? "an object" : String.valueOf(value);
    }
}
