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
}
