package io.dkpmesh.core.load;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's one Jackson mapper. Building a mapper costs a cold JVM tens of milliseconds (some
 * 350 classes), and every run builds what it uses again, so the manifest, the reports and the
 * bundled resources share this one. It is built the first time one of them needs it, never by a
 * no-op: keep it here, not in a static field of a class the no-op touches.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * Jackson's default pretty printer, as {@code SerializationFeature.INDENT_OUTPUT} would use,
     * with {@code \n} line ends whatever the platform's: what it writes is the same everywhere.
     */
    public static final ObjectWriter INDENTED =
            MAPPER.writer().with(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {}
}
