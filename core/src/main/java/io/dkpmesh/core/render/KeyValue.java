package io.dkpmesh.core.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One label, annotation or selector entry as templates list it ({@code ${q(label.key)}: ${q(label.value)}}):
 * a list of these keeps the order it is given in, where a map handed to a template might not. Public,
 * like every template record: FreeMarker reads the components of public classes only.
 */
public record KeyValue(String key, String value) {

    /** The entries of {@code map} in key order. */
    public static List<KeyValue> sorted(Map<String, String> map) {
        return new TreeMap<>(map)
                .entrySet().stream()
                        .map(e -> new KeyValue(e.getKey(), e.getValue()))
                        .toList();
    }
}
