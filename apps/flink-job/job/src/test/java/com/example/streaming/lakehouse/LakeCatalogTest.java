package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog client's properties: S3FileIO pointed at an in-cluster store only when the platform says so. */
class LakeCatalogTest {
    private static final Map<String, String> BASE = Map.of("ICEBERG_CATALOG_URI", "http://lakekeeper.lakehouse.svc.cluster.local:8181/catalog", "ICEBERG_WAREHOUSE", "lake");

    @Test
    void onAdlsTheClientGetsTheUriAndWarehouseOnly() {
        assertThat(LakeCatalog.from(BASE).properties()).isEqualTo(Map.of("uri", BASE.get("ICEBERG_CATALOG_URI"), "warehouse", "lake"));
    }

    @Test
    void onAnS3StoreS3FileIoGoesToItsEndpointWithPathStyleRequests() {
        Map<String, String> env = new java.util.HashMap<>(BASE);
        env.put("ICEBERG_S3_ENDPOINT", "http://minio.storage.svc.cluster.local:9000");
        assertThat(LakeCatalog.from(env).properties())
                .containsEntry("s3.endpoint", "http://minio.storage.svc.cluster.local:9000")
                .containsEntry("s3.path-style-access", "true")
                .containsEntry("warehouse", "lake");
    }

    @Test
    void refusesAnEndpointWithAPathOrWithoutAScheme() {
        Map<String, String> env = new java.util.HashMap<>(BASE);
        env.put("ICEBERG_S3_ENDPOINT", "minio:9000/bucket");
        assertThatThrownBy(() -> LakeCatalog.from(env)).hasMessageContaining("ICEBERG_S3_ENDPOINT=minio:9000/bucket: expected an http(s) endpoint without a path");
    }
}
