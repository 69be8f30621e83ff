package com.example.streaming.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lakekeeper's side of a warehouse, before any table: the server bootstrapped once, and the
 * warehouse over the lake's storage. On ADLS, Lakekeeper reaches the container with its own
 * workload identity (azure-system-identity) and vends no SAS token; on an S3 store (a local
 * cluster's MinIO), with the keys of its own store user, and neither vends credentials nor signs
 * requests: every engine uses its own identity or keys. Idempotent: an existing warehouse is left
 * as it is. Runs in the table-sync Job when LAKEKEEPER_MANAGEMENT_URI is set (the platform's
 * catalog is Lakekeeper; Iceberg's REST fixture in the tests has no management API).
 */
public record WarehouseSetup(String managementUri, String warehouse, Storage storage) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the warehouse's files are and how Lakekeeper reaches them. */
    public sealed interface Storage permits Adls, S3 {}

    /** A container (filesystem) of an ADLS Gen2 account, reached with Lakekeeper's workload identity. */
    public record Adls(String account, String filesystem) implements Storage {}

    /** A bucket of an S3-compatible store, reached with Lakekeeper's own keys (never printed). */
    public record S3(String bucket, String endpoint, String region, String accessKeyId, String secretAccessKey) implements Storage {
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", keys=(hidden)]";
        }
    }

    /** The settings from the environment, or null when the catalog is not Lakekeeper; every problem at once. */
    public static WarehouseSetup from(Map<String, String> env) {
        String management = env.getOrDefault("LAKEKEEPER_MANAGEMENT_URI", "").trim();
        if (management.isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        String warehouse = need(env, "ICEBERG_WAREHOUSE", "the warehouse's name", problems);
        Storage storage;
        if (!env.getOrDefault("WAREHOUSE_S3_BUCKET", "").isBlank()) {
            storage = new S3(
                    need(env, "WAREHOUSE_S3_BUCKET", "the S3 bucket holding the warehouse", problems),
                    need(env, "WAREHOUSE_S3_ENDPOINT", "the S3 store's endpoint, e.g. http://minio.storage.svc.cluster.local:9000", problems),
                    need(env, "WAREHOUSE_S3_REGION", "the region the store signs for", problems),
                    need(env, "WAREHOUSE_S3_ACCESS_KEY_ID", "the catalog's access key on the store", problems),
                    need(env, "WAREHOUSE_S3_SECRET_ACCESS_KEY", "the catalog's secret key on the store", problems));
        } else {
            storage = new Adls(
                    need(env, "WAREHOUSE_STORAGE_ACCOUNT", "the ADLS Gen2 account holding the warehouse (or WAREHOUSE_S3_BUCKET for an S3 store)", problems),
                    need(env, "WAREHOUSE_FILESYSTEM", "the container (filesystem) holding the warehouse", problems));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid warehouse settings:\n  - " + String.join("\n  - ", problems));
        }
        return new WarehouseSetup(management.replaceAll("/+$", ""), warehouse, storage);
    }

    private static String need(Map<String, String> env, String name, String what, List<String> problems) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            problems.add(name + " is not set: expected " + what + " (with LAKEKEEPER_MANAGEMENT_URI set); the platform sets it");
        }
        return value;
    }

    /** The body of POST /management/v1/bootstrap. */
    static ObjectNode bootstrapBody() {
        return JSON.createObjectNode().put("accept-terms-of-use", true);
    }

    /** The body of POST /management/v1/warehouse. */
    ObjectNode warehouseBody() {
        ObjectNode body = JSON.createObjectNode().put("warehouse-name", warehouse);
        if (storage instanceof Adls adls) {
            body.putObject("storage-profile")
                    .put("type", "adls")
                    .put("account-name", adls.account())
                    .put("filesystem", adls.filesystem())
                    .put("sas-enabled", false);
            body.putObject("storage-credential").put("type", "az").put("credential-type", "azure-system-identity");
        } else if (storage instanceof S3 s3) {
            body.putObject("storage-profile")
                    .put("type", "s3")
                    .put("bucket", s3.bucket())
                    .put("region", s3.region())
                    .put("endpoint", s3.endpoint())
                    .put("path-style-access", true)
                    .put("flavor", "s3-compat")
                    .put("sts-enabled", false)
                    .put("remote-signing-enabled", false);
            body.putObject("storage-credential")
                    .put("type", "s3")
                    .put("credential-type", "access-key")
                    .put("aws-access-key-id", s3.accessKeyId())
                    .put("aws-secret-access-key", s3.secretAccessKey());
        }
        // Dropping a table deletes its files at once (soft delete on the account keeps them 7+ days).
        body.putObject("delete-profile").put("type", "hard");
        return body;
    }

    /** Whether GET /management/v1/warehouse's answer lists this warehouse. */
    boolean listed(JsonNode list) {
        for (JsonNode w : list.path("warehouses")) {
            if (warehouse.equals(w.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Bootstraps the server if it is not, creates the warehouse if it is missing; returns what it did. */
    public List<String> ensure() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> done = new ArrayList<>();
        if (!call(http, "GET", "/v1/info", null).path("bootstrapped").asBoolean(false)) {
            call(http, "POST", "/v1/bootstrap", bootstrapBody());
            done.add("bootstrapped the catalog server");
        }
        if (!listed(call(http, "GET", "/v1/warehouse", null))) {
            call(http, "POST", "/v1/warehouse", warehouseBody());
            done.add("created warehouse " + warehouse + " on " + location());
        }
        return done;
    }

    /** The warehouse's root, as the engines see it. */
    String location() {
        if (storage instanceof Adls adls) {
            return "abfss://" + adls.filesystem() + "@" + adls.account() + ".dfs.core.windows.net";
        }
        S3 s3 = (S3) storage;
        return "s3://" + s3.bucket() + " at " + s3.endpoint();
    }

    private JsonNode call(HttpClient http, String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(managementUri + path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + managementUri + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
