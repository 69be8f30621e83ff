package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lakekeeper requests (no Lakekeeper server runs here: it is a Rust service without a published artifact for this machine). */
class WarehouseSetupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void isOffWithoutAManagementUriAndNamesEveryMissingSettingWithIt() {
        assertThat(WarehouseSetup.from(Map.of())).isNull();
        assertThatThrownBy(() -> WarehouseSetup.from(Map.of("LAKEKEEPER_MANAGEMENT_URI", "http://lakekeeper:8181/management")))
                .hasMessageContaining("ICEBERG_WAREHOUSE is not set")
                .hasMessageContaining("WAREHOUSE_STORAGE_ACCOUNT is not set")
                .hasMessageContaining("WAREHOUSE_FILESYSTEM is not set");
    }

    @Test
    void asksForAnAdlsWarehouseReachedWithTheCatalogsOwnIdentityAndNoVendedSas() throws Exception {
        WarehouseSetup setup = WarehouseSetup.from(Map.of(
                "LAKEKEEPER_MANAGEMENT_URI", "http://lakekeeper:8181/management/",
                "ICEBERG_WAREHOUSE", "lake",
                "WAREHOUSE_STORAGE_ACCOUNT", "stlake",
                "WAREHOUSE_FILESYSTEM", "warehouse"));
        assertThat(setup.managementUri()).isEqualTo("http://lakekeeper:8181/management");
        assertThat(setup.warehouseBody()).isEqualTo(JSON.readTree("""
                {"warehouse-name": "lake",
                 "storage-profile": {"type": "adls", "account-name": "stlake", "filesystem": "warehouse", "sas-enabled": false},
                 "storage-credential": {"type": "az", "credential-type": "azure-system-identity"},
                 "delete-profile": {"type": "hard"}}"""));
        assertThat(WarehouseSetup.bootstrapBody()).isEqualTo(JSON.readTree("{\"accept-terms-of-use\": true}"));
        assertThat(setup.listed(JSON.readTree("{\"warehouses\": [{\"name\": \"other\"}, {\"name\": \"lake\"}]}"))).isTrue();
        assertThat(setup.listed(JSON.readTree("{\"warehouses\": [{\"name\": \"other\"}]}"))).isFalse();
    }

    @Test
    void asksForAnS3WarehouseOnTheStoreWithTheCatalogsOwnKeysAndNeitherVendsNorSigns() throws Exception {
        WarehouseSetup setup = WarehouseSetup.from(Map.of(
                "LAKEKEEPER_MANAGEMENT_URI", "http://lakekeeper:8181/management",
                "ICEBERG_WAREHOUSE", "lake",
                "WAREHOUSE_S3_BUCKET", "warehouse",
                "WAREHOUSE_S3_ENDPOINT", "http://minio.storage.svc.cluster.local:9000",
                "WAREHOUSE_S3_REGION", "us-east-1",
                "WAREHOUSE_S3_ACCESS_KEY_ID", "lakekeeper",
                "WAREHOUSE_S3_SECRET_ACCESS_KEY", "s3cr3t-key"));
        assertThat(setup.warehouseBody()).isEqualTo(JSON.readTree("""
                {"warehouse-name": "lake",
                 "storage-profile": {"type": "s3", "bucket": "warehouse", "region": "us-east-1", "endpoint": "http://minio.storage.svc.cluster.local:9000",
                                     "path-style-access": true, "flavor": "s3-compat", "sts-enabled": false, "remote-signing-enabled": false},
                 "storage-credential": {"type": "s3", "credential-type": "access-key", "aws-access-key-id": "lakekeeper", "aws-secret-access-key": "s3cr3t-key"},
                 "delete-profile": {"type": "hard"}}"""));
        assertThat(setup.location()).isEqualTo("s3://warehouse at http://minio.storage.svc.cluster.local:9000");
        assertThat(setup.toString()).doesNotContain("s3cr3t-key");
    }

    @Test
    void namesEveryMissingS3SettingAtOnce() {
        assertThatThrownBy(() -> WarehouseSetup.from(Map.of(
                        "LAKEKEEPER_MANAGEMENT_URI", "http://lakekeeper:8181/management",
                        "ICEBERG_WAREHOUSE", "lake",
                        "WAREHOUSE_S3_BUCKET", "warehouse")))
                .hasMessageContaining("WAREHOUSE_S3_ENDPOINT is not set")
                .hasMessageContaining("WAREHOUSE_S3_REGION is not set")
                .hasMessageContaining("WAREHOUSE_S3_ACCESS_KEY_ID is not set")
                .hasMessageContaining("WAREHOUSE_S3_SECRET_ACCESS_KEY is not set")
                .hasMessageNotContaining("WAREHOUSE_STORAGE_ACCOUNT");
    }
}
