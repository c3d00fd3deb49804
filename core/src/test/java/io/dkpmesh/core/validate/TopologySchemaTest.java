package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The topology schema is the single source of structure: closed objects, every field described. */
class TopologySchemaTest {

    private final JsonNode schema = Resources.json(TopologySchema.RESOURCE);

    @Test
    void everyFieldHasADescription() {
        List<String> missing = new ArrayList<>();
        walk(
                schema,
                "",
                missing,
                (node, pointer, out) -> node.path("properties").properties().forEach(field -> {
                    if (!field.getValue().has("description")) {
                        out.add(pointer + "/properties/" + field.getKey());
                    }
                }));
        assertThat(missing).isEmpty();
        assertThat(schema.path("$id").asString()).startsWith("https://dkp-mesh.io/schemas/");
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void everyObjectWithFieldsIsClosed() {
        List<String> open = new ArrayList<>();
        walk(schema, "", open, (node, pointer, out) -> {
            // an `if` only tests fields of an object closed elsewhere; it describes no shape of its own
            boolean condition = pointer.endsWith("/if");
            if (!condition
                    && node.has("properties")
                    && !node.has("additionalProperties")
                    && !node.has("unevaluatedProperties")) {
                out.add(pointer);
            }
        });
        assertThat(open).as("objects that would accept unknown fields").isEmpty();
    }

    private interface Visitor {
        void visit(JsonNode node, String pointer, List<String> out);
    }

    private static void walk(JsonNode node, String pointer, List<String> out, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, pointer, out);
            node.properties().forEach(e -> walk(e.getValue(), pointer + "/" + e.getKey(), out, visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, out, visitor);
            }
        }
    }
}
