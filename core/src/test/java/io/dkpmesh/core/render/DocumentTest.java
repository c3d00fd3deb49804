package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template data is a record a template can read, all the way down. */
class DocumentTest {

    /** Package-private, as a planner's record would be if its author forgot {@code public}. */
    record Hidden(String name, String ca) {}

    public record Shown(String name, String ca) {}

    public record Listing(List<Shown> shown, List<Hidden> hidden) {}

    public record Keyed(Map<String, Hidden> byName) {}

    /**
     * Why the guard exists: FreeMarker sees no component of a non-public record, so a template's
     * {@code ??} test reads "absent" and the value silently goes missing from the object.
     */
    @Test
    void freeMarkerReadsNoComponentOfANonPublicRecord(@TempDir Path templates)
            throws IOException, TemplateEngine.TemplateFailure {
        Files.writeString(templates.resolve("probe.ftl"), "[${name!\"unread\"}]<#if ca??>[ca]<#else>[no ca]</#if>");
        TemplateEngine engine = new TemplateEngine(Optional.of(templates));

        assertThat(engine.render("probe.ftl", new Shown("peer", "PEM"))).isEqualTo("[peer][ca]");
        assertThat(engine.render("probe.ftl", new Hidden("peer", "PEM"))).isEqualTo("[unread][no ca]");
    }

    @Test
    void refusesANonPublicRecord() {
        assertThatThrownBy(() -> Document.file("x.yaml", "probe.ftl", new Hidden("peer", "PEM")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probe.ftl")
                .hasMessageContaining(Hidden.class.getName());
    }

    @Test
    void refusesANonPublicRecordInsideAListOrAMap() {
        assertThatThrownBy(() -> Document.file("x.yaml", "probe.ftl", new Listing(List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Hidden.class.getName());
        assertThatThrownBy(() -> Document.file("x.yaml", "probe.ftl", new Keyed(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Hidden.class.getName());
    }

    @Test
    void acceptsPublicRecordsAndFreeFormMaps() {
        assertThat(Document.file("x.yaml", "probe.ftl", new Shown("peer", null)).model())
                .isEqualTo(new Shown("peer", null));
        assertThat(Document.file("x.md", "topology.md.ftl", new Planning.TopologyPage("t", "graph", List.of()))
                        .model())
                .isInstanceOf(Planning.TopologyPage.class);
    }
}
