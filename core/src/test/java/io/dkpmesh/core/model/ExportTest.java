package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An export's key is what Cilium merges global Services by: namespace and name. */
class ExportTest {

    @Test
    void theKeyIsNamespaceSlashService() {
        assertThat(new Export("/e", "msk", "shop", "catalog", List.of()).key()).isEqualTo("shop/catalog");
        assertThat(new Export("/e", "spb", "shop", "catalog", List.of()).key())
                .as("the cluster is not part of the key")
                .isEqualTo(new Export("/e", "msk", "shop", "catalog", List.of()).key());
        assertThat(new Export("/e", "msk", "shop", "cart", List.of()).key()).isNotEqualTo("shop/catalog");
    }

    @Test
    void portsAreCopied() {
        List<Export.ServicePort> ports = new ArrayList<>(List.of(new Export.ServicePort("/p", "", 80, "TCP")));
        Export export = new Export("/e", "msk", "shop", "catalog", ports);
        ports.add(new Export.ServicePort("/q", "x", 81, "TCP"));
        assertThat(export.ports()).hasSize(1);
    }
}
