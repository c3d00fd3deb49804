package io.dkpmesh.core.load;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads one YAML document into a JSON tree, remembering where every node stood.
 *
 * <p>Hostile input is expected: the loader bounds size, aliases, nesting and node count, refuses
 * tags other than the YAML 1.2 core ones and duplicate keys, and turns every problem into a
 * finding instead of an exception.
 */
public final class YamlLoader {

    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /**
     * Characters in one string of a topology (a value or a key). No field needs a fraction of it:
     * the longest real values are URLs and module settings; a CA certificate is read from its own
     * file (metadataCA). Rendered files are read without it: they carry such certificates.
     */
    public static final int MAX_STRING = 16 * 1024;

    static final int MAX_NODES = 50_000;
    static final int MAX_DEPTH = 64;
    static final int MAX_COLLECTION_ALIASES = 32;

    private static final Set<Tag> CORE_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Immutable once built, and building it compiles its resolvers: one for every load. */
    private static final CoreSchema CORE_SCHEMA = new CoreSchema();

    private YamlLoader() {}

    /** A topology: {@link #load} with every string at most {@link #MAX_STRING} characters. */
    public static LoadedDocument loadTopology(String fileName, byte[] bytes) {
        return load(fileName, bytes, MAX_STRING);
    }

    /**
     * @param fileName how findings name the file
     * @param bytes    its content
     */
    public static LoadedDocument load(String fileName, byte[] bytes) {
        return load(fileName, bytes, Integer.MAX_VALUE);
    }

    /**
     * Every document of a stream ({@code ---} separated), each with positions of its own, under the
     * same limits as {@link #load} (the node limit counts the whole file). A file that does not load
     * is one document without a root, holding the findings; an empty file is no document.
     */
    public static List<LoadedDocument> loadAll(String fileName, byte[] bytes) {
        List<LoadedDocument> all = new java.util.ArrayList<>();
        LoadedDocument failed = load(fileName, bytes, Integer.MAX_VALUE, all);
        return failed == null ? List.copyOf(all) : List.of(failed);
    }

    private static LoadedDocument load(String fileName, byte[] bytes, int maxString) {
        return load(fileName, bytes, maxString, null);
    }

    /** @param all where every document goes, for {@link #loadAll}; then the result is null unless the stream failed */
    private static LoadedDocument load(String fileName, byte[] bytes, int maxString, List<LoadedDocument> all) {
        SourceMap positions = new SourceMap(fileName);
        Findings findings = new Findings(positions);
        Optional<String> text = decode(bytes, findings);
        if (text.isEmpty()) {
            return new LoadedDocument(Optional.empty(), positions, findings.sorted());
        }
        return loadText(fileName, text.get(), maxString, positions, findings, all);
    }

    /** The file as text, or empty with a finding when it is too large, not UTF-8 or binary. */
    private static Optional<String> decode(byte[] bytes, Findings findings) {
        if (bytes.length > MAX_BYTES) {
            findings.error(
                    FindingCode.LIMIT,
                    "",
                    "the file has " + bytes.length + " bytes, more than the limit of " + MAX_BYTES
                            + "; a topology this large is almost certainly not what you meant to commit");
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            findings.error(FindingCode.ENCODING, "", "the file is not UTF-8 text; save it as UTF-8");
            return Optional.empty();
        }
        if (text.indexOf('\0') >= 0) {
            findings.error(FindingCode.ENCODING, "", "the file contains NUL characters: it is binary, not YAML");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static LoadSettings settings(String fileName, String text) {
        return LoadSettings.builder()
                .setLabel(fileName)
                .setSchema(CORE_SCHEMA)
                .setAllowRecursiveKeys(false)
                // the Converter refuses collection keys itself, with their position; the composer's
                // own refusal carries no mark and would point at line 1
                .setAllowNonScalarKeys(true)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_BYTES)
                // the whole text in one window: with the default of 1 KiB the reader copies its window
                // again for every KiB a token spans, so one 3 MB string cost 17 GB of copying and seconds
                .setBufferSize(text.length() + 1)
                .setUseMarks(true)
                .build();
    }

    private static LoadedDocument loadText(
            String fileName,
            String text,
            int maxString,
            SourceMap positions,
            Findings findings,
            List<LoadedDocument> all) {
        LoadSettings settings = settings(fileName, text);
        try {
            // one pass: the composer reads its events through the limits, so a runaway file stops
            // at the event that breaks the node limit, before the composer builds the rest (and
            // the depth limit before it recurses into a stack overflow)
            LimitedParser events =
                    new LimitedParser(new ParserImpl(settings, new StreamReader(settings, text)), maxString);
            Composer documents = new Composer(settings, events);
            if (all != null) {
                return loadEach(fileName, documents, events, all);
            }
            if (!documents.hasNext()) {
                findings.error(FindingCode.NOT_A_DOCUMENT, "", "the file is empty; expected a MeshTopology document");
                return new LoadedDocument(Optional.empty(), positions, findings.sorted());
            }
            Node first = documents.next();
            Optional<Node> second = documents.hasNext() ? Optional.of(documents.next()) : Optional.empty();
            // the rest of the stream is read too: a syntax error or a limit anywhere wins, as before composing
            events.drain();
            if (second.isPresent()) {
                findings.add(
                        FindingCode.NOT_A_DOCUMENT,
                        Severity.ERROR,
                        "",
                        position(second.get()),
                        "the file holds more than one YAML document; keep exactly one MeshTopology per file");
            }
            if (!(first instanceof MappingNode)) {
                findings.add(
                        FindingCode.NOT_A_DOCUMENT,
                        Severity.ERROR,
                        "",
                        position(first),
                        "the document is not a mapping; expected apiVersion, kind, metadata and spec");
                return new LoadedDocument(Optional.empty(), positions, findings.sorted());
            }
            Converter converter = new Converter(positions, findings);
            JsonNode root = converter.convert(first, "", 0);
            if (converter.aborted) {
                return new LoadedDocument(Optional.empty(), positions, findings.sorted());
            }
            return new LoadedDocument(Optional.of(root), positions, findings.sorted());
        } catch (LimitExceeded e) {
            findings.add(
                    FindingCode.LIMIT,
                    Severity.ERROR,
                    "",
                    e.event.getStartMark().map(YamlLoader::position).orElse(Position.START),
                    e.getMessage());
        } catch (MarkedYamlEngineException e) {
            SyntaxError error = SyntaxError.of(e);
            Position at = error.mark().map(YamlLoader::position).orElse(Position.START);
            findings.add(FindingCode.YAML_SYNTAX, Severity.ERROR, "", at, "YAML syntax error: " + error.message());
        } catch (YamlEngineException e) {
            String message = String.valueOf(e.getMessage());
            boolean limit = message.contains("aliases") || message.contains("code point") || message.contains("limit");
            findings.error(
                    limit ? FindingCode.LIMIT : FindingCode.YAML_SYNTAX,
                    "",
                    (limit ? "YAML limit exceeded: " : "YAML error: ") + firstLine(message));
        } catch (StackOverflowError e) {
            findings.error(FindingCode.LIMIT, "", "the YAML is nested too deeply to read");
        }
        return new LoadedDocument(Optional.empty(), positions, findings.sorted());
    }

    /**
     * Converts every document of the stream, each with positions and findings of its own; null when
     * all of them were read (a syntax error or a limit throws, for {@link #loadText} to report).
     */
    private static LoadedDocument loadEach(
            String fileName, Composer documents, LimitedParser events, List<LoadedDocument> all) {
        List<Node> nodes = new java.util.ArrayList<>();
        while (documents.hasNext()) {
            nodes.add(documents.next());
        }
        events.drain();
        for (Node node : nodes) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                // an empty document: a stray --- between or after manifests
                continue;
            }
            SourceMap positions = new SourceMap(fileName);
            Findings findings = new Findings(positions);
            if (!(node instanceof MappingNode)) {
                findings.add(
                        FindingCode.NOT_A_DOCUMENT,
                        Severity.ERROR,
                        "",
                        position(node),
                        "the document is not a mapping; expected a Kubernetes object");
                all.add(new LoadedDocument(Optional.empty(), positions, findings.sorted()));
                continue;
            }
            Converter converter = new Converter(positions, findings);
            JsonNode root = converter.convert(node, "", 0);
            all.add(new LoadedDocument(
                    converter.aborted ? Optional.empty() : Optional.of(root), positions, findings.sorted()));
        }
        return null;
    }

    /**
     * A parser error in words a person acts on, at the line to edit. The parser says what its
     * grammar expected ({@code expected <block end>, but found '?'}); the user needs to know that a
     * line is indented wrongly, a quote is not closed or a colon is missing.
     */
    record SyntaxError(String message, Optional<Mark> mark) {

        static SyntaxError of(MarkedYamlEngineException e) {
            String problem = e.getProblem() == null ? "" : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext();
            Optional<Mark> here = e.getProblemMark().or(e::getContextMark);
            Optional<Mark> opened = e.getContextMark().or(e::getProblemMark);
            if (problem.contains("'\\t(TAB)'") || problem.contains("\\t(TAB)")) {
                return new SyntaxError(
                        "a tab character here; YAML indents with spaces only, replace the tab with spaces", here);
            }
            if (problem.startsWith("expected <block end>")) {
                return new SyntaxError(
                        "this line is indented differently from the lines above it; indent the fields of one object "
                                + "by the same number of spaces (list items \"- \" under their key alike)",
                        here);
            }
            if (problem.startsWith("mapping values are not allowed")) {
                return new SyntaxError(
                        "unexpected ':' here; either this line is indented further than the field above it "
                                + "(align it with that field), or a value contains ': ' and needs quotes",
                        here);
            }
            if (problem.contains("could not find expected ':'")) {
                // found only on the next line; the line to fix is the one the key started on
                return new SyntaxError(
                        "this line is neither 'field: value' nor a list item; write ': ' (a colon and a space) "
                                + "after the field name",
                        opened);
            }
            if (context.contains("quoted scalar")) {
                return new SyntaxError("the quote opened here is never closed; add the closing quote", opened);
            }
            if (context.contains("flow sequence")) {
                return new SyntaxError(
                        "the list opened with '[' here is not closed; end it with ']' on the same line, "
                                + "with ', ' between its items",
                        opened);
            }
            if (context.contains("flow mapping")) {
                return new SyntaxError(
                        "the mapping opened with '{' here is not closed; end it with '}', with ', ' between its fields",
                        opened);
            }
            if (problem.contains("undefined alias")) {
                return new SyntaxError(
                        "an alias (*name) here refers to no anchor (&name) above it; write the value out", here);
            }
            if (problem.contains("end of stream") && e.getContextMark().isPresent()) {
                return new SyntaxError(
                        "what starts here is not finished before the file ends (" + context + ")", opened);
            }
            String said = (context.isEmpty() ? "" : context + ": ") + (problem.isEmpty() ? "malformed YAML" : problem);
            return new SyntaxError(
                    "the YAML cannot be read here (" + said
                            + "); check the indentation, colons and quotes of this line",
                    here);
        }
    }

    /** The events under the composer, counted: the node, depth and string limits hold before anything is built. */
    private static final class LimitedParser implements Parser {
        private final Parser parser;
        private final int maxString;
        private int nodes;
        private int depth;

        LimitedParser(Parser parser, int maxString) {
            this.parser = parser;
            this.maxString = maxString;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }

        @Override
        public Event next() {
            Event event = parser.next();
            depth += event instanceof CollectionStartEvent ? 1 : event instanceof CollectionEndEvent ? -1 : 0;
            if (event instanceof NodeEvent && ++nodes > MAX_NODES) {
                throw new LimitExceeded(
                        event,
                        "the document has more than " + MAX_NODES + " nodes (a runaway file); split or shorten it");
            }
            if (event instanceof ScalarEvent scalar && scalar.getValue().length() > maxString) {
                throw new LimitExceeded(
                        event,
                        "this string has " + scalar.getValue().length() + " characters, more than the limit of "
                                + maxString + " for one value; no field of a topology needs that much "
                                + "(a CA certificate is read from its file, see metadataCA)");
            }
            if (depth > MAX_DEPTH + 1) {
                throw new LimitExceeded(event, "the document is nested more than " + MAX_DEPTH + " levels deep");
            }
            return event;
        }

        void drain() {
            while (hasNext()) {
                next();
            }
        }
    }

    /** A limit broken on the event stream; becomes one finding at that event. */
    private static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Event event;

        LimitExceeded(Event event, String message) {
            super(message, null, false, false);
            this.event = event;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static Position position(Node node) {
        return node.getStartMark().map(YamlLoader::position).orElse(Position.START);
    }

    static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Walks the composed node graph once, bounded, into Jackson nodes. */
    private static final class Converter {
        private final SourceMap positions;
        private final Findings findings;
        private final Map<Node, Integer> expansions = new IdentityHashMap<>();
        private int nodes;
        private boolean aborted;

        Converter(SourceMap positions, Findings findings) {
            this.positions = positions;
            this.findings = findings;
        }

        JsonNode convert(Node node, String pointer, int depth) {
            if (aborted) {
                return JSON.nullNode();
            }
            if (++nodes > MAX_NODES) {
                abort(
                        pointer,
                        "the document expands to more than " + MAX_NODES
                                + " nodes (an alias bomb or a runaway file); remove the aliases or split the file");
                return JSON.nullNode();
            }
            if (depth > MAX_DEPTH) {
                abort(pointer, "the document is nested more than " + MAX_DEPTH + " levels deep");
                return JSON.nullNode();
            }
            if (!(node instanceof ScalarNode) && expansions.merge(node, 1, Integer::sum) > MAX_COLLECTION_ALIASES) {
                abort(
                        pointer,
                        "an anchor is expanded more than " + MAX_COLLECTION_ALIASES + " times; remove the aliases");
                return JSON.nullNode();
            }
            positions.value(pointer, position(node));
            Tag tag = node.getTag();
            if (!CORE_TAGS.contains(tag)) {
                findings.error(
                        FindingCode.TAG,
                        pointer,
                        "the YAML tag " + tag.getValue() + " is not allowed; write plain values without tags");
                return JSON.nullNode();
            }
            if (node instanceof MappingNode mapping) {
                return mapping(mapping, pointer, depth);
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JSON.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), JsonPointer.child(pointer, i), depth + 1));
                }
                return array;
            }
            return scalar((ScalarNode) node, pointer);
        }

        private JsonNode mapping(MappingNode mapping, String pointer, int depth) {
            ObjectNode object = JSON.objectNode();
            Map<String, Position> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    findings.add(
                            FindingCode.YAML_SYNTAX,
                            Severity.ERROR,
                            pointer,
                            position(keyNode),
                            "a mapping key must be a plain string, not a collection");
                    continue;
                }
                String key = keyScalar.getValue();
                String child = JsonPointer.child(pointer, key);
                Position keyAt = position(keyNode);
                Position earlier = seen.putIfAbsent(key, keyAt);
                if (earlier != null) {
                    findings.add(
                            FindingCode.DUPLICATE_KEY,
                            Severity.ERROR,
                            child,
                            keyAt,
                            "duplicate key '" + key + "' (first at line " + earlier.line()
                                    + "); YAML keeps only one of them, remove the other");
                    continue;
                }
                positions.key(child, keyAt);
                object.set(key, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode scalar, String pointer) {
            String value = scalar.getValue();
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.NULL)) {
                return JSON.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                return JSON.booleanNode(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
            }
            if (tag.equals(Tag.INT)) {
                BigInteger number = integer(value);
                if (number == null) {
                    findings.error(FindingCode.YAML_SYNTAX, pointer, "'" + value + "' is not a valid integer");
                    return JSON.nullNode();
                }
                return number.bitLength() < 63 ? JSON.numberNode(number.longValue()) : JSON.numberNode(number);
            }
            if (tag.equals(Tag.FLOAT)) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (lower.contains("inf") || lower.contains("nan")) {
                    findings.error(FindingCode.YAML_SYNTAX, pointer, "'" + value + "' is not a finite number");
                    return JSON.nullNode();
                }
                try {
                    return JSON.numberNode(new BigDecimal(value));
                } catch (NumberFormatException e) {
                    findings.error(FindingCode.YAML_SYNTAX, pointer, "'" + value + "' is not a valid number");
                    return JSON.nullNode();
                }
            }
            return JSON.stringNode(value);
        }

        private static BigInteger integer(String text) {
            String t = text.startsWith("+") ? text.substring(1) : text;
            try {
                if (t.startsWith("0x")) {
                    return new BigInteger(t.substring(2), 16);
                }
                if (t.startsWith("0o")) {
                    return new BigInteger(t.substring(2), 8);
                }
                return new BigInteger(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private void abort(String pointer, String message) {
            if (!aborted) {
                aborted = true;
                findings.error(FindingCode.LIMIT, pointer, message);
            }
        }
    }
}
