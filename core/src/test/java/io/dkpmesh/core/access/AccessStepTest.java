package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access step on its own: from the rendered files (ACCESS.md aside) it reads them back once,
 * computes the matrix and writes the very ACCESS.md the whole pipeline renders; its check finds
 * nothing where the objects admit what the topology asks.
 */
class AccessStepTest {

    @Test
    void theStepAloneWritesTheAccessPageOfThePipeline(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        Rendered rendered =
                new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(topology, dir.resolve("out")));
        List<RenderedFile> withoutPage = rendered.files().stream()
                .filter(file -> !file.path().equals(Layout.ACCESS_PAGE))
                .toList();

        AccessStep.ReadBack read = AccessStep.readBack(withoutPage);
        AccessStep.Access access =
                AccessStep.access(rendered.topology(), withoutPage, read, UserPolicies.NONE, "topology.yaml", Set.of());

        assertThat(read.byPath()).isNotEmpty();
        // files of equal calls share one content array, parsed once
        assertThat(read.byContent())
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(read.byPath().size());
        assertThat(access.files())
                .extracting(RenderedFile::path)
                .isEqualTo(rendered.files().stream().map(RenderedFile::path).toList());
        assertThat(page(access.files())).isEqualTo(page(rendered.files()));
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        AccessStep.check(rendered.topology(), access.ownAccess(), findings, Set.of());
        assertThat(findings.sorted()).isEmpty();
    }

    private static String page(List<RenderedFile> files) {
        return files.stream()
                .filter(file -> file.path().equals(Layout.ACCESS_PAGE))
                .findFirst()
                .orElseThrow()
                .text();
    }
}
