package io.dkpmesh.core.testing;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runs the published Cilium chart ({@code shared/upstream/cilium/charts/cilium-<version>.tgz}, from cilium/charts)
 * offline with {@code helm template}, the way Argo CD renders it, through Helm's own Go code (helm-java, a JNA
 * binding of Helm from Maven Central).
 *
 * <p>The chart's {@code cilium.ca.setup} calls {@code lookup} ({@code templates/_helpers.tpl}). The binding's
 * template command asks a real API server for it, so this class starts a stand-in on a free local port that knows
 * the Secret kind and holds no Secret: {@code lookup} then returns nothing, exactly what {@code helm template}
 * gives Argo CD. Helm finds it through {@code KUBECONFIG} (set for surefire in the parent pom), a file written
 * here once the port is known.
 */
public final class CiliumChart {

    public static final List<String> VERSIONS = List.of("1.18.2", "1.19.6");
    private static final String KUBE_VERSION = "1.31.0";
    private static HttpServer apiServer;

    private CiliumChart() {}

    /** The chart package of that version; aborts the test (fails it on CI) when shared is missing. */
    public static Path chart(String version) {
        return UpstreamSchemas.sharedDir().resolve("upstream/cilium/charts/cilium-" + version + ".tgz");
    }

    /**
     * {@code helm template cilium <chart> -n kube-system -f values...}: every object, in the chart's order. Like
     * Argo CD's manifests, the output leaves out Helm hooks (in 1.18 the certgen Jobs are post-install hooks).
     */
    public static List<Map<String, Object>> template(String version, Path... values) {
        return objects(templateText(version, values));
    }

    /** The chart's own output text for those values files, later ones over earlier ones. */
    public static synchronized String templateText(String version, Path... values) {
        startApiServer();
        var command = new Helm(chart(version))
                .template()
                .withName("cilium")
                .withNamespace("kube-system")
                .withKubeVersion(KUBE_VERSION);
        for (Path file : values) {
            command.withValuesFile(file);
        }
        return command.call();
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return objects;
    }

    /** The object of that kind and name, if the chart rendered it. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind"))
                        && name.equals(((Map<String, Object>) o.get("metadata")).get("name")))
                .findFirst();
    }

    private static void startApiServer() {
        if (apiServer != null) {
            return;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG is not set: the parent pom sets it for surefire");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", CiliumChart::answer);
            server.start();
            Path file = Path.of(kubeconfig);
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: stand-in, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: stand-in, user: {}}]
                    contexts: [{name: stand-in, context: {cluster: stand-in, user: stand-in}}]
                    current-context: stand-in
                    """.formatted(server.getAddress().getPort()), StandardCharsets.UTF_8);
            apiServer = server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Discovery of the core group knows Secrets; every object read is 404, so {@code lookup} returns nothing. */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean discovery = path.equals("/api/v1");
        String body = discovery
                ? "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\","
                        + "\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\",\"verbs\":[\"get\",\"list\"]}]}"
                : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                        + "\"message\":\"not found\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(discovery ? 200 : 404, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
