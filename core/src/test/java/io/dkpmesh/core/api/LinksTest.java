package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two URL patterns of the repository's files (CONTRIBUTING.md, "Links to the repository"). */
class LinksTest {

    @Test
    void pagesAreBlobLinksOnMain() {
        assertThat(Links.page("docs/access.md"))
                .isEqualTo("https://github.com/dkp-mesh/dkp-mesh/blob/main/docs/access.md");
    }

    @Test
    void bytesComeFromRawGithubusercontent() {
        assertThat(Links.raw("README.md"))
                .isEqualTo("https://raw.githubusercontent.com/dkp-mesh/dkp-mesh/main/README.md");
        assertThat(Links.topologySchema())
                .isEqualTo("https://raw.githubusercontent.com/dkp-mesh/dkp-mesh/main/schemas/topology.schema.json");
    }

    @Test
    void aFindingLinksToItsLowerCaseAnchor() {
        assertThat(Links.findingAnchor("DKPM204")).isEqualTo("dkpm204");
        assertThat(Links.finding("DKPM204"))
                .isEqualTo("https://github.com/dkp-mesh/dkp-mesh/blob/main/docs/findings.md#dkpm204");
    }
}
