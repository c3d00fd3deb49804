package io.dkpmesh.core.testing;

import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TopologyReader;
import java.nio.charset.StandardCharsets;

/** The model of a topology given as text, for tests of the model and of what reads it. */
public final class Models {

    private Models() {}

    /** Reads a topology the caller knows to be schema-valid; fails the test when it does not load. */
    public static Topology read(String yaml) {
        LoadedDocument loaded = YamlLoader.load("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        if (!loaded.findings().isEmpty()) {
            throw new AssertionError("topology does not load: " + loaded.findings());
        }
        return TopologyReader.read(loaded.root().orElseThrow());
    }

    /** {@link Topologies#FEDERATION}, read. */
    public static Topology federation() {
        return read(Topologies.FEDERATION);
    }
}
