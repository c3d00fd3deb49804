package io.dkpmesh.core.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.log.Logger;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

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

    public TemplateEngine(Optional<Path> userTemplates) {
        this.userTemplates = userTemplates;
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

    /** Renders one template; failures carry the template name and line. */
    public String render(String template, Object model) throws TemplateFailure {
        try {
            Template compiled = configuration.getTemplate(template);
            StringWriter out = new StringWriter();
            compiled.process(model, out);
            return out.toString();
        } catch (ParseException e) {
            throw new TemplateFailure(origin(template), e.getLineNumber(), e.getEditorMessage());
        } catch (TemplateException e) {
            Integer line = e.getLineNumber();
            throw new TemplateFailure(
                    origin(template), line == null ? 0 : line, firstLine(e.getMessageWithoutStackTop()));
        } catch (IOException e) {
            throw new TemplateFailure(origin(template), 0, "cannot load the template: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A template that could not be loaded or failed while rendering. */
    public static final class TemplateFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String template;
        private final int line;

        TemplateFailure(String template, int line, String message) {
            super(message);
            this.template = template;
            this.line = line;
        }

        public String template() {
            return template;
        }

        public int line() {
            return line;
        }
    }
}
