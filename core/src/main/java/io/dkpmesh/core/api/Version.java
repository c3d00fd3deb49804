package io.dkpmesh.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The engine's version, as the build wrote it: recorded in manifests and reports. */
public final class Version {

    private static final String RESOURCE = "io/dkpmesh/core/dkp-mesh.properties";

    private Version() {}

    /** The version of this build of the engine; {@code unknown} when the build recorded none. */
    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing bundled resource " + RESOURCE + " (a broken build of dkp-mesh-core)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
