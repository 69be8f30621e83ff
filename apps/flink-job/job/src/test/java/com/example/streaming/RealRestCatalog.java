package com.example.streaming;

import com.example.streaming.lakehouse.LakeCatalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Iceberg REST catalog server for a test class: Iceberg's own REST catalog fixture (the
 * iceberg-open-api jar from Maven Central, the server behind the apache/iceberg-rest-fixture
 * image), its warehouse a local directory (the fixture listens on every interface of a free port:
 * it has no host setting). A separate JVM (its class path is not the
 * job's); it stops when closed, or when this JVM goes (its launcher waits on our pipe).
 */
public final class RealRestCatalog implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(120);

    private final Process process;
    private final String uri;
    private final Path warehouse;

    private RealRestCatalog(Process process, String uri, Path warehouse) {
        this.process = process;
        this.uri = uri;
        this.warehouse = warehouse;
    }

    public static RealRestCatalog start(Path dir) throws Exception {
        String jar = System.getProperty("rest.catalog.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the REST catalog peer " + jar + " is missing: run the tests through Maven (mvn -f apps/flink-job verify), which copies it to target/peers");
        }
        Path warehouse = Files.createDirectories(dir.resolve("warehouse"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The launcher runs the server and kills it when its standard input closes (our end of the pipe).
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c",
                "\"$0\" -Xmx512m -jar \"$1\" & server=$!; trap 'kill $server 2>/dev/null; wait $server' EXIT; cat > /dev/null", java, jar));
        Map<String, String> env = builder.environment();
        env.put("CATALOG_WAREHOUSE", warehouse.toUri().toString());
        env.put("CATALOG_REST_PORT", String.valueOf(port));
        // The fixture's default store is SQLite in memory behind a pool of two connections, and each
        // in-memory connection is a database of its own: a request served by the second saw no
        // tables (a flake under the job's concurrent commits). One connection to a file instead.
        env.put("CATALOG_URI", "jdbc:sqlite:" + dir.resolve("catalog.db"));
        env.put("CATALOG_CLIENTS", "1");
        builder.redirectOutput(dir.resolve("rest-catalog.log").toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String uri = "http://127.0.0.1:" + port;
        RealRestCatalog catalog = new RealRestCatalog(process, uri, warehouse);
        catalog.awaitReady(dir.resolve("rest-catalog.log"));
        return catalog;
    }

    private void awaitReady(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the REST catalog exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri + "/v1/config")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the REST catalog was not ready within " + READY.toSeconds() + " s; see " + log);
    }

    public String uri() {
        return uri;
    }

    public Path warehouse() {
        return warehouse;
    }

    /** The catalog as the platform hands it to the job and the table tools. */
    public LakeCatalog lake() {
        return new LakeCatalog(uri, warehouse.toUri().toString(), null);
    }

    /** The environment the platform gives a lake workload. */
    public Map<String, String> env() {
        return Map.of("ICEBERG_CATALOG_URI", uri, "ICEBERG_WAREHOUSE", warehouse.toUri().toString());
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
