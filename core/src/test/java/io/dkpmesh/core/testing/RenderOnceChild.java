package io.dkpmesh.core.testing;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.write.TreeLock;
import java.nio.file.Path;

/**
 * Run in child JVMs by the concurrency tests. {@code render <topology> <output>}: renders once, as
 * a goal does, printing {@code rendered} or the findings (exit 1). {@code hold <output> <millis>}:
 * takes the tree's write lock, prints {@code locked}, holds it that long, then lets go and
 * prints {@code released}.
 */
public final class RenderOnceChild {

    private RenderOnceChild() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("hold")) {
            try (TreeLock lock = TreeLock.exclusive(Path.of(args[1]), message -> {})) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(Long.parseLong(args[2]));
            }
            System.out.println("released");
            return;
        }
        try {
            new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(Path.of(args[1]), Path.of(args[2])));
            System.out.println("rendered");
        } catch (FindingsException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
