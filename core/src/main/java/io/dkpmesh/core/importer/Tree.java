package io.dkpmesh.core.importer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Plain maps, lists and scalars read from loaded YAML, and the few lookups the importer needs. */
public final class Tree {

    private Tree() {}

    /** A JSON tree as maps (in document order), lists, strings, numbers, booleans and nulls. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.values().forEach(item -> out.add(plain(item)));
            return out;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            return value.bitLength() < 63 ? (Object) value.longValue() : value;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asString();
    }

    public static Object get(Object root, String... path) {
        Object at = root;
        for (String key : path) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object root, String... path) {
        return get(root, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object root, String... path) {
        return get(root, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }

    public static Optional<String> string(Object root, String... path) {
        return get(root, path) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public static Optional<Long> integer(Object root, String... path) {
        Object value = get(root, path);
        if (value instanceof Long l) {
            return Optional.of(l);
        }
        if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            return Optional.of(d.longValue());
        }
        return Optional.empty();
    }

    public static Optional<Boolean> bool(Object root, String... path) {
        return get(root, path) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** Every leaf's pointer, list indices written as {@code *}: the fields an object sets. */
    public static List<String> leaves(Object node, String pointer) {
        List<String> out = new ArrayList<>();
        leaves(node, pointer, out);
        return out;
    }

    private static void leaves(Object node, String pointer, List<String> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> leaves(
                    v, pointer + "/" + String.valueOf(k).replace("~", "~0").replace("/", "~1"), out));
        } else if (node instanceof List<?> list && !list.isEmpty()) {
            list.forEach(v -> leaves(v, pointer + "/*", out));
        } else {
            out.add(pointer);
        }
    }

    /** Every string in the tree, keys included: where key material would hide. */
    static void strings(Object node, String parentKey, StringVisitor visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visitor.visit(String.valueOf(k), parentKey, v);
                strings(v, String.valueOf(k), visitor);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> strings(v, parentKey, visitor));
        }
    }

    interface StringVisitor {
        void visit(String key, String parentKey, Object value);
    }
}
