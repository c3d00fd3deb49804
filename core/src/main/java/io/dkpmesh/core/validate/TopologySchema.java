package io.dkpmesh.core.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import io.dkpmesh.core.load.Resources;
import com.networknt.schema.path.NodePath;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Validates a loaded topology against {@code schemas/topology.schema.json}, the single source of
 * its structure, and turns each violation into a finding at the offending line.
 */
public final class TopologySchema {

    public static final String RESOURCE = "io/dkpmesh/schemas/topology.schema.json";

    private final Schema schema;

    public TopologySchema() {
        SchemaRegistry registry = JsonSchemas.registry();
        this.schema = registry.getSchema(Resources.json(RESOURCE));
    }

    /** The schema text, for the {@code schema} goal and the reference docs. */
    public static String text() {
        return Resources.text(RESOURCE);
    }

    public void validate(JsonNode document, Findings findings) {
        List<Error> errors = schema.validate(document);
        for (Error error : errors) {
            report(error, findings);
        }
    }

    private static void report(Error error, Findings findings) {
        String at = pointer(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode value = error.getInstanceNode();
        switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> {
                String field = JsonPointer.child(at, error.getProperty());
                findings.errorAtKey(FindingCode.UNKNOWN_FIELD, field, "unknown field " + Text.quote(error.getProperty())
                        + " (check its spelling and indentation; the schema lists the fields a " + Text.quote(lastToken(at)) + " may have)");
            }
            case "required" -> {
                String field = JsonPointer.child(at, error.getProperty());
                findings.error(FindingCode.MISSING_FIELD, field, "required field " + Text.quote(error.getProperty()) + " is missing");
            }
            case "type" -> findings.error(FindingCode.SCHEMA_TYPE, at, "expected " + schemaType(error)
                    + ", got " + describe(value));
            case "enum" -> findings.error(FindingCode.SCHEMA_ENUM, at, describe(value) + " is not one of "
                    + error.getSchemaNode().toString().replace("\"", ""));
            case "const" -> findings.error(FindingCode.SCHEMA_ENUM, at, describe(value) + " must be "
                    + error.getSchemaNode().toString());
            case "pattern" -> findings.error(FindingCode.SCHEMA_FORMAT, at, describe(value) + " does not match "
                    + error.getSchemaNode().asString());
            case "minLength", "maxLength" -> findings.error(FindingCode.SCHEMA_FORMAT, at, describe(value) + " "
                    + (keyword.equals("minLength") ? "is shorter than " : "is longer than ") + error.getSchemaNode().asString() + " characters");
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> findings.error(FindingCode.SCHEMA_RANGE, at,
                    describe(value) + " is out of range: " + keyword + " is " + error.getSchemaNode().toString());
            default -> findings.error(FindingCode.SCHEMA_OTHER, at, withoutLocation(error.getMessage()));
        }
    }

    private static String schemaType(Error error) {
        return error.getSchemaNode().toString().replace("\"", "");
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "string " + Text.quote(value.asString());
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return (value.isBoolean() ? "boolean " : "number ") + value;
    }

    private static String lastToken(String pointer) {
        return pointer.isEmpty() ? "topology" : pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private static String withoutLocation(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("/") ? message.substring(colon + 2) : message;
    }

    static String pointer(NodePath path) {
        String pointer = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer = element instanceof Integer index ? JsonPointer.child(pointer, index) : JsonPointer.child(pointer, String.valueOf(element));
        }
        return pointer;
    }
}
