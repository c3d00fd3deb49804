package io.dkpmesh.core.testing;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import java.nio.file.Path;

/**
 * Run in a child JVM by the kill tests: renders two topologies into one output directory in turns,
 * forever, through the engine's front door ({@link DkpMesh#render}) as a goal does, so that the
 * parent can kill a real render at a moment it chooses. Prints {@code ready} after the first render.
 *
 * <p>Arguments: {@code topology-a topology-b output-directory}.
 */
public final class RenderLoopChild {

    private RenderLoopChild() {}

    public static void main(String[] args) throws Exception {
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        RenderRequest a = RenderRequest.of(Path.of(args[0]), Path.of(args[2]));
        RenderRequest b = RenderRequest.of(Path.of(args[1]), Path.of(args[2]));
        for (long i = 0; ; i++) {
            engine.render(i % 2 == 0 ? a : b);
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
