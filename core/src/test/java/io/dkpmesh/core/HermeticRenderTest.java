package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Topologies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketPermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering never touches the network: a child JVM renders every model and the GitOps delivery
 * under a security manager that refuses every socket and name lookup. A negative control proves
 * the guard really refuses a connection.
 */
class HermeticRenderTest {

    @TempDir
    Path dir;

    @Test
    void renderOpensNoSocketAndResolvesNoName() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, Topologies.FEDERATION.replace("spec:\n", """
                spec:
                  gitops: {tool: flux, repoURL: "https://git.example.com/platform/mesh.git", path: rendered}
                """));
        ChildJvm.Result result = child("render", topology, dir.resolve("rendered"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("RENDERED").doesNotContain("NETWORK");
        assertThat(dir.resolve("rendered/gitops/flux/msk/mesh.yaml")).exists();
    }

    @Test
    void theGuardRefusesAConnection() throws Exception {
        ChildJvm.Result result = child("connect", dir, dir);
        assertThat(result.output()).contains("NETWORK REFUSED").doesNotContain("CONNECTED");
    }

    private static ChildJvm.Result child(String mode, Path topology, Path out)
            throws IOException, InterruptedException {
        return ChildJvm.run(
                List.of("-Djava.security.manager=allow"), NoNetwork.class, mode, topology.toString(), out.toString());
    }

    /** The child: installs the guard, then renders or (the control) tries to connect. */
    public static final class NoNetwork {

        public static void main(String[] args) throws Exception {
            @SuppressWarnings("removal")
            SecurityManager guard = new SecurityManager() {
                @Override
                public void checkPermission(Permission permission) {
                    if (permission instanceof SocketPermission) {
                        System.out.println("NETWORK " + permission.getName());
                        throw new SecurityException("dkp-mesh must not use the network: " + permission);
                    }
                }

                @Override
                public void checkPermission(Permission permission, Object context) {
                    checkPermission(permission);
                }
            };
            System.setSecurityManager(guard);
            if (args[0].equals("connect")) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", 9), 1000);
                    System.out.println("CONNECTED");
                } catch (SecurityException e) {
                    System.out.println("NETWORK REFUSED");
                }
                return;
            }
            new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(Path.of(args[1]), Path.of(args[2])));
            System.out.println("RENDERED");
        }
    }
}
