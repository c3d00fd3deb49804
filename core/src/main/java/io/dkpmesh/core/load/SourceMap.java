package io.dkpmesh.core.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each node of a loaded document stood in its file, by JSON pointer, so that any check can
 * point a user at the line to edit.
 */
public final class SourceMap {

    private final String file;
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    public SourceMap(String file) {
        this.file = file;
    }

    /** The file name findings print. */
    public String file() {
        return file;
    }

    void value(String pointer, Position position) {
        values.put(pointer, position);
    }

    void key(String pointer, Position position) {
        keys.put(pointer, position);
    }

    /** Whether the document holds a value at {@code pointer} (a field that was written). */
    public boolean has(String pointer) {
        return values.containsKey(pointer);
    }

    /** Where the value at {@code pointer} starts, or the nearest ancestor that exists. */
    public Position valueAt(String pointer) {
        String p = pointer;
        while (true) {
            Position found = values.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return Position.START;
            }
            p = JsonPointer.parent(p);
        }
    }

    /** Where the key naming {@code pointer} starts (for unknown or duplicate fields), else its value. */
    public Position keyAt(String pointer) {
        Position key = keys.get(pointer);
        return key != null ? key : valueAt(pointer);
    }
}
