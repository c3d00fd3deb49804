package io.dkpmesh.core.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.Environment;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateObject;
import freemarker.core.TemplateProcessingTracer;
import freemarker.log.Logger;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.stream.Stream;

/**
 * FreeMarker, locked down: a fixed version, {@code Locale.ROOT}, UTF-8, exceptions rethrown, no
 * class instantiation and no API built-ins. User templates in the request's templates folder override
 * the built-in ones by name.
 */
public final class TemplateEngine {

    static final String BUILT_IN = "/io/dkpmesh/templates";

    static {
        // Left to itself FreeMarker logs through whichever of SLF4J, Log4j or JUL it finds, and what it
        // logs (an <#attempt> failure, with a stack trace of hundreds of lines) lands among the build's
        // output as if dkp-mesh had crashed; template problems are findings here, nothing else. Only
        // FreeMarker's own loggers are switched off (the plugin's class realm has its own copy), and a
        // host that chose FreeMarker's logger with its system property keeps that choice.
        if (System.getProperty(Logger.SYSTEM_PROPERTY_NAME_LOGGER_LIBRARY) == null) {
            try {
                Logger.selectLoggerLibrary(Logger.LIBRARY_NONE);
            } catch (ClassNotFoundException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final Configuration configuration;
    private final Optional<Path> userTemplates;
    private final List<String> userTemplateNames;
    private final Optional<IOException> unreadableFolder;
    /** Whether user templates may be in play, so that every render is done twice and compared. */
    private final boolean rendersTwice;

    public TemplateEngine(Optional<Path> userTemplates) {
        this.userTemplates = userTemplates;
        List<String> names = List.of();
        Optional<IOException> unreadable = Optional.empty();
        if (userTemplates.isPresent()) {
            try {
                names = templatesIn(userTemplates.get());
            } catch (IOException e) {
                unreadable = Optional.of(e);
            }
        }
        userTemplateNames = names;
        unreadableFolder = unreadable;
        rendersTwice = !names.isEmpty() || unreadable.isPresent();
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setTemplateLoader(loader(userTemplates));
        configuration.setDefaultEncoding("UTF-8");
        configuration.setLocale(Locale.ROOT);
        configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
        configuration.setLocalizedLookup(false);
        configuration.setNumberFormat("computer");
        configuration.setBooleanFormat("c");
        configuration.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        // what <#attempt> recovers from is the template's business: nothing is logged
        configuration.setAttemptExceptionReporter((exception, environment) -> {});
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setAPIBuiltinEnabled(false);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        configuration.setSharedVariable("q", new YamlQuote());
        configuration.setSharedVariable("md", new MarkdownText());
    }

    /**
     * An engine for these user templates, with FreeMarker's classes loaded and its runtime run once
     * first: the first template a cold JVM renders costs more than all the others together, so a
     * render does this on the other core while it validates the topology. The warm-up renders a
     * built-in template in an engine of its own, so nothing of the user's is read or cached early.
     */
    public static TemplateEngine warmedUp(Optional<Path> userTemplates) {
        try {
            new TemplateEngine(Optional.empty())
                    .render(Kustomization.TEMPLATE, new Kustomization(List.of("warm-up.yaml"), Map.of()));
        } catch (TemplateFailure e) {
            throw new IllegalStateException("the built-in " + Kustomization.TEMPLATE + " failed: " + e.getMessage(), e);
        }
        return new TemplateEngine(userTemplates);
    }

    private static TemplateLoader loader(Optional<Path> userTemplates) {
        ClassTemplateLoader builtIn = new ClassTemplateLoader(TemplateEngine.class, BUILT_IN);
        if (userTemplates.isEmpty()) {
            return builtIn;
        }
        try {
            // FileTemplateLoader refuses names that resolve outside its folder (../ or links)
            return new MultiTemplateLoader(new TemplateLoader[] {
                new FileTemplateLoader(userTemplates.get().toFile()), builtIn
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the templates folder " + userTemplates.get(), e);
        }
    }

    /** Where a template comes from, for messages: the user's folder or the built-in set. */
    public String origin(String template) {
        return userTemplates
                .filter(dir -> Files.isRegularFile(dir.resolve(template)))
                .map(dir -> dir.resolve(template).toString())
                .orElse("built-in template " + template);
    }

    /**
     * Parses every template in the user's folder and refuses those that read {@code .now}: a render
     * must give the same bytes from the same topology, and a template that prints the clock
     * coarsely ({@code .now?string('yyyy')}) would still pass the double render. Every template
     * of the folder, used or not: one may be imported by another, or by a built-in one.
     *
     * @return the parse errors and refusals, one per place; empty when all may be used
     */
    public List<TemplateFailure> checkUserTemplates() {
        List<TemplateFailure> failures = new ArrayList<>();
        unreadableFolder.ifPresent(e -> failures.add(new TemplateFailure(
                FindingCode.TEMPLATE,
                userTemplates.orElseThrow().toString(),
                0,
                0,
                "cannot read the templates folder: " + e.getMessage())));
        for (String name : userTemplateNames) {
            try {
                for (TemplateObject now : TemplateTree.builtInVariables(configuration.getTemplate(name), "now")) {
                    failures.add(new TemplateFailure(
                            FindingCode.NOT_REPRODUCIBLE,
                            origin(name),
                            now.getBeginLine(),
                            now.getBeginColumn(),
                            "reads .now, the time of the render: templates must render the same bytes from the"
                                    + " same topology, so they may not read the clock"));
                }
            } catch (IOException e) {
                failures.add(loadFailure(name, e));
            }
        }
        return failures;
    }

    /**
     * The templates of the user's folder by the names FreeMarker loads them with: files ending in
     * {@code .ftl}, links to files included (FreeMarker loads those that stay inside the folder).
     */
    private static List<String> templatesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".ftl"))
                    .filter(file -> !Files.isDirectory(file))
                    .map(file -> dir.relativize(file).toString().replace(File.separatorChar, '/'))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Renders one template; failures carry the template name and line. With user templates in play
     * (the folder holds any) it renders twice and refuses output that differs: a template may read
     * something that changes between renders in ways no parse tree shows ({@code ?eval} of a
     * string). Built-in templates alone render once: {@code GoldenTreesTest} renders them twice.
     */
    public String render(String template, Object model) throws TemplateFailure {
        Template compiled;
        try {
            compiled = configuration.getTemplate(template);
        } catch (IOException e) {
            throw loadFailure(template, e);
        }
        String first = process(compiled, model);
        if (!rendersTwice) {
            return first;
        }
        String second = process(compiled, model);
        if (!first.equals(second)) {
            throw new TemplateFailure(FindingCode.NOT_REPRODUCIBLE, origin(template), 0, 0, difference(first, second));
        }
        return first;
    }

    /** The first output line that differs between two renders, both versions shown. */
    static String difference(String first, String second) {
        String[] a = first.split("\n", -1);
        String[] b = second.split("\n", -1);
        int line = 0;
        while (line < a.length && line < b.length && a[line].equals(b[line])) {
            line++;
        }
        return "rendered different bytes from the same data twice, first at line " + (line + 1) + " of its output: "
                + Text.quote(line < a.length ? a[line] : "") + ", then " + Text.quote(line < b.length ? b[line] : "")
                + "; templates must render the same bytes from the same topology, so they may not read the"
                + " clock (.now) or anything else that changes between renders";
    }

    private String process(Template compiled, Object model) throws TemplateFailure {
        StringWriter out = new StringWriter();
        LastElement last = new LastElement();
        try {
            Environment environment = compiled.createProcessingEnvironment(model, out);
            if (rendersTwice) {
                environment.setTemplateProcessingTracer(last);
            }
            environment.process();
            return out.toString();
        } catch (TemplateException e) {
            String source = e.getTemplateSourceName();
            throw new TemplateFailure(
                    FindingCode.TEMPLATE,
                    origin(source != null ? source : compiled.getSourceName()),
                    orZero(e.getLineNumber()),
                    orZero(e.getColumnNumber()),
                    firstLine(e.getMessageWithoutStackTop()));
        } catch (IOException e) {
            throw new TemplateFailure(
                    FindingCode.TEMPLATE, origin(compiled.getSourceName()), 0, 0, "cannot write: " + e.getMessage());
        } catch (StackOverflowError e) {
            // endless recursion of a macro or function: the stack unwound, so the tracer says where
            throw last.failure(this, compiled, "the template calls itself without end (the stack overflowed)");
        } catch (RuntimeException e) {
            // FreeMarker wraps what expressions throw; anything else escaping it is still the template's failure
            throw last.failure(this, compiled, "FreeMarker failed: " + e);
        }
    }

    /** Remembers the last element a user's render entered, to place failures that carry no location. */
    private static final class LastElement implements TemplateProcessingTracer {
        private TracedElement element;

        @Override
        public void enterElement(Environment environment, TracedElement traced) {
            element = traced;
        }

        @Override
        public void exitElement(Environment environment, TracedElement traced) {}

        TemplateFailure failure(TemplateEngine engine, Template compiled, String message) {
            TracedElement at = element;
            if (at == null) {
                return new TemplateFailure(
                        FindingCode.TEMPLATE, engine.origin(compiled.getSourceName()), 0, 0, message);
            }
            return new TemplateFailure(
                    FindingCode.TEMPLATE,
                    engine.origin(at.getTemplate().getSourceName()),
                    at.getBeginLine(),
                    at.getBeginColumn(),
                    message);
        }
    }

    private TemplateFailure loadFailure(String template, IOException e) {
        // FreeMarker caches a failed parse and throws a wrapper naming "an earlier attempt" for every
        // later use: the parse error itself is the finding, the same for every use
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ParseException parse) {
                return new TemplateFailure(
                        FindingCode.TEMPLATE,
                        origin(parse.getTemplateName() != null ? parse.getTemplateName() : template),
                        parse.getLineNumber(),
                        parse.getColumnNumber(),
                        parse.getEditorMessage());
            }
        }
        return new TemplateFailure(
                FindingCode.TEMPLATE, origin(template), 0, 0, "cannot load the template: " + e.getMessage());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A template that could not be loaded, failed while rendering, or may not be used. */
    public static final class TemplateFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final FindingCode code;
        private final String template;
        private final int line;
        private final int column;

        TemplateFailure(FindingCode code, String template, int line, int column, String message) {
            super(message);
            this.code = code;
            this.template = template;
            this.line = line;
            this.column = column;
        }

        public FindingCode code() {
            return code;
        }

        public String template() {
            return template;
        }

        /** 1-based, 0 when unknown. */
        public int line() {
            return line;
        }

        /** 1-based, 0 when unknown. */
        public int column() {
            return column;
        }
    }
}
