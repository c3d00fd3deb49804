package io.dkpmesh.core.load;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's one Jackson mapper. Building a mapper costs a cold JVM tens of milliseconds, and
 * every run builds what it uses again, so the state, the manifest, the reports and the bundled
 * resources share this one.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Jackson's default pretty printer, as {@code SerializationFeature.INDENT_OUTPUT} would use. */
    public static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}
}
