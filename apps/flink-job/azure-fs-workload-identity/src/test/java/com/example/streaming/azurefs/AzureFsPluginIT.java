package com.example.streaming.azurefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.apache.flink.util.WrappingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin jar, loaded the way Flink loads plugins (its own class loader, Flink's
 * parent-first patterns), serves abfss:// and authenticates with the configured workload-identity
 * token provider: it reads the federated token file and trades it at Entra ID's token endpoint (a
 * loopback stand-in here, since Entra ID cannot run on this machine) for a storage token.
 */
class AzureFsPluginIT {
    private static final String HOST = "examplelake.dfs.core.windows.net";
    private static final String FEDERATED_TOKEN = "federated-token-projected-by-aks";

    private final BlockingQueue<Map<String, String>> tokenRequests = new LinkedBlockingQueue<>();
    private HttpServer entra;

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        entra = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        entra.createContext("/", exchange -> {
            Map<String, String> request = new LinkedHashMap<>();
            request.put("path", exchange.getRequestURI().getPath());
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                request.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            tokenRequests.add(request);
            byte[] body = "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\"storage-token\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        entra.start();
    }

    @AfterEach
    void stopTokenEndpoint() {
        entra.stop(0);
    }

    @Test
    void abfssThroughThePluginTradesTheFederatedTokenForAStorageToken(@TempDir Path tmp) throws Exception {
        FileSystem fs = pluginFileSystem(tmp, System.getProperty("azurefs.tokenProvider"));
        org.apache.flink.core.fs.Path checkpoints = new org.apache.flink.core.fs.Path("abfss://flink-checkpoints@" + HOST + "/event-count/checkpoints");

        // The plugin's own classes (relocated Hadoop), from the plugin's class loader.
        assertThat(fs).isInstanceOf(WrappingProxy.class);
        Object plugin = ((WrappingProxy<?>) fs).getWrappedDelegate();
        assertThat(plugin.getClass().getName()).startsWith(relocationPrefix());
        assertThat(plugin.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        // The storage endpoint does not exist here: the call fails after the token exchange.
        assertThatThrownBy(() -> fs.exists(checkpoints)).isInstanceOf(IOException.class);

        Map<String, String> request = tokenRequests.poll(30, TimeUnit.SECONDS);
        assertThat(request).as("a token request at the configured authority").isNotNull();
        assertThat(request)
                .containsEntry("path", "/tenant-1/oauth2/v2.0/token")
                .containsEntry("client_id", "client-1")
                .containsEntry("client_assertion", FEDERATED_TOKEN)
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "https://storage.azure.com/.default");
    }

    @Test
    void theRelocatedNameStockFlinkUsesIsNotFoundInThePlugin(@TempDir Path tmp) throws Exception {
        // Flink 1.20's flink-azure-fs-hadoop relocates Hadoop: its class names do not exist here, and
        // an unknown provider fails before any token request.
        FileSystem fs = pluginFileSystemOrError(tmp, "org.apache.flink.fs.shaded.hadoop3." + System.getProperty("azurefs.tokenProvider"));
        assertThat(tokenRequests).isEmpty();
        assertThat(fs).as("a provider class the plugin does not contain must fail").isNull();
    }

    private static String relocationPrefix() {
        return System.getProperty("azurefs.relocation");
    }

    private FileSystem pluginFileSystemOrError(Path tmp, String tokenProvider) {
        try {
            FileSystem fs = pluginFileSystem(tmp, tokenProvider);
            fs.exists(new org.apache.flink.core.fs.Path("abfss://flink-checkpoints@" + HOST + "/x"));
            return fs;
        } catch (Exception e) {
            assertThat(chain(e)).contains("ClassNotFoundException");
            return null;
        }
    }

    private static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t).append('\n');
        }
        return out.toString();
    }

    private FileSystem pluginFileSystem(Path tmp, String tokenProvider) throws Exception {
        Path tokenFile = tmp.resolve("azure-identity-token");
        Files.writeString(tokenFile, FEDERATED_TOKEN);
        Configuration config = new Configuration();
        // What the FlinkDeployment sets (components/kubernetes/flink-job.ts), per account host.
        config.setString("fs.azure.account.auth.type." + HOST, "OAuth");
        config.setString("fs.azure.account.oauth.provider.type." + HOST, tokenProvider);
        config.setString("fs.azure.account.oauth2.msi.tenant." + HOST, "tenant-1");
        config.setString("fs.azure.account.oauth2.client.id." + HOST, "client-1");
        config.setString("fs.azure.account.oauth2.token.file." + HOST, tokenFile.toString());
        // Only for this test: Entra ID's stand-in, and no retries against the missing storage endpoint.
        config.setString("fs.azure.account.oauth2.msi.authority", "http://127.0.0.1:" + entra.getAddress().getPort() + "/");
        config.setString("fs.azure.io.retry.max.retries", "0");
        config.setString("fs.azure.oauth.token.fetch.retry.max.retries", "0");
        config.setString("fs.azure.account.hns.enabled", "true");

        URL jar = Path.of(System.getProperty("plugin.jar")).toUri().toURL();
        DefaultPluginManager plugins = new DefaultPluginManager(
                List.of(new PluginDescriptor("azure-fs-workload-identity", new URL[] {jar}, new String[0])),
                CoreOptions.getPluginParentFirstLoaderPatterns(config));
        FileSystem.initialize(config, plugins);
        return new org.apache.flink.core.fs.Path("abfss://flink-checkpoints@" + HOST + "/").getFileSystem();
    }
}
