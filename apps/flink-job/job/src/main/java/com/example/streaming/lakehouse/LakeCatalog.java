package com.example.streaming.lakehouse;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Where the lake's tables are: the Iceberg REST catalog's URI and the warehouse within it, from the
 * environment every lake workload gets (ICEBERG_CATALOG_URI, ICEBERG_WAREHOUSE). Files are read
 * and written with the workload's own identity (ResolvingFileIO: abfss:// through ADLSFileIO and
 * DefaultAzureCredential, i.e. workload identity in the cluster; s3:// through S3FileIO and the
 * AWS SDK's environment keys, at ICEBERG_S3_ENDPOINT with path-style requests for an in-cluster
 * store); no credential is asked of the catalog.
 */
public record LakeCatalog(String uri, String warehouse, String s3Endpoint) {
    public static final String NAME = "lake";

    /** Reads the catalog settings; every problem at once. */
    public static LakeCatalog from(Map<String, String> env, List<String> problems) {
        String uri = env.getOrDefault("ICEBERG_CATALOG_URI", "").trim();
        String warehouse = env.getOrDefault("ICEBERG_WAREHOUSE", "").trim();
        if (uri.isEmpty()) {
            problems.add("ICEBERG_CATALOG_URI is not set: expected the REST catalog's base URI, e.g. http://lakekeeper.lakehouse.svc:8181/catalog; the platform sets it from the catalog's Service");
        } else {
            try {
                URI parsed = URI.create(uri);
                if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                    problems.add("ICEBERG_CATALOG_URI=" + uri + ": expected an http(s) URI");
                }
            } catch (IllegalArgumentException e) {
                problems.add("ICEBERG_CATALOG_URI=" + uri + ": not a URI (" + e.getMessage() + ")");
            }
        }
        if (warehouse.isEmpty()) {
            problems.add("ICEBERG_WAREHOUSE is not set: expected the catalog's warehouse name (Lakekeeper) or location; the platform sets it");
        }
        String s3Endpoint = env.getOrDefault("ICEBERG_S3_ENDPOINT", "").trim();
        if (!s3Endpoint.isEmpty() && !s3Endpoint.matches("https?://[^/\\s]+/?")) {
            problems.add("ICEBERG_S3_ENDPOINT=" + s3Endpoint + ": expected an http(s) endpoint without a path, e.g. http://minio.storage.svc.cluster.local:9000");
        }
        return new LakeCatalog(uri, warehouse, s3Endpoint.isEmpty() ? null : s3Endpoint);
    }

    /** Reads the settings or throws naming every problem. */
    public static LakeCatalog from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        LakeCatalog catalog = from(env, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid lake catalog settings:\n  - " + String.join("\n  - ", problems));
        }
        return catalog;
    }

    public Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(Map.of(CatalogProperties.URI, uri, CatalogProperties.WAREHOUSE_LOCATION, warehouse));
        if (s3Endpoint != null) {
            properties.put("s3.endpoint", s3Endpoint);
            properties.put("s3.path-style-access", "true");
        }
        return Map.copyOf(properties);
    }

    /** A client of the catalog, for the table tools (close it). */
    public RESTCatalog open() {
        RESTCatalog catalog = new RESTCatalog();
        catalog.setConf(new org.apache.hadoop.conf.Configuration());
        catalog.initialize(NAME, properties());
        return catalog;
    }

    /** The catalog as Flink's sink loads it, on every task. */
    public CatalogLoader loader() {
        return CatalogLoader.rest(NAME, new org.apache.hadoop.conf.Configuration(), properties());
    }
}
