import * as assert from "node:assert/strict";
import { CatalogDatabase, catalogDatabaseProblems, CATALOG_EXTENSIONS, POSTGRES_PRIVATE_LINK, type CatalogDatabaseArgs, type CatalogDatabaseSize } from "../../../components/azure/catalog-database";
import { capture, valueOf } from "../../support/harness";

const SERVER = "azure-native:dbforpostgresql:Server";
const PRODUCTION: CatalogDatabaseSize = { skuName: "Standard_D2ds_v5", tier: "GeneralPurpose", storageGb: 64, backupRetentionDays: 35, geoRedundantBackup: true, zoneRedundantHa: true };
const SMALLEST: CatalogDatabaseSize = { skuName: "Standard_B1ms", tier: "Burstable", storageGb: 32, backupRetentionDays: 7, geoRedundantBackup: false, zoneRedundantHa: false };

function args(overrides: Partial<CatalogDatabaseArgs> = {}): CatalogDatabaseArgs {
    return {
        resourceGroupName: "rg",
        location: "westeurope",
        serverName: "platform-prod-catalog0123456789abc",
        databaseName: "lakekeeper",
        login: "lakekeeper",
        size: PRODUCTION,
        tenantId: "00000000-0000-0000-0000-00000000beef",
        entraAdminGroupObjectIds: ["11111111-1111-1111-1111-111111111111"],
        privateLink: { subnetId: "/subnets/pe", dnsZoneIds: Object.fromEntries(POSTGRES_PRIVATE_LINK.map((g) => [g.dnsZone, `/zones/${g.dnsZone}`])) },
        endpointName: (groupId) => `catalog-db-${groupId}-pe`,
        ...overrides,
    };
}

describe("components/azure/CatalogDatabase", () => {
    it("a production server: zone-redundant standby, geo-redundant backups, no public access, Entra ID for people, protected", async () => {
        const captured = await capture(() => new CatalogDatabase("db-prod", args({ protect: true })));
        const server = captured.one(SERVER);
        const inputs = server.inputs as Record<string, any>;
        assert.equal(inputs.highAvailability.mode, "ZoneRedundant");
        assert.deepEqual(inputs.backup, { backupRetentionDays: 35, geoRedundantBackup: "Enabled" });
        assert.deepEqual(inputs.network, { publicNetworkAccess: "Disabled" });
        assert.deepEqual(inputs.authConfig, { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled", tenantId: "00000000-0000-0000-0000-00000000beef" });
        assert.equal(inputs.version, "16");
        assert.equal(server.protect, true);
        assert.equal(captured.one("azure-native:dbforpostgresql:Database").protect, true);
        const admin = captured.one("azure-native:dbforpostgresql:AdministratorsMicrosoftEntra").inputs as Record<string, any>;
        assert.equal(admin.principalType, "Group");
        const settings = Object.fromEntries(captured.ofType("azure-native:dbforpostgresql:Configuration").map((c) => [c.inputs.configurationName, c.inputs.value]));
        assert.deepEqual(settings, { "azure.extensions": CATALOG_EXTENSIONS.join(","), require_secure_transport: "on" });
        const endpoint = captured.one("azure-native:network:PrivateEndpoint").inputs as Record<string, any>;
        assert.deepEqual(endpoint.privateLinkServiceConnections[0].groupIds, ["postgresqlServer"]);
        assert.equal(await valueOf(captured.value.host), "platform-prod-catalog0123456789abc.postgres.database.azure.com");
    });

    it("the smallest sound server has no standby and keeps a week of backups", async () => {
        const captured = await capture(() => new CatalogDatabase("db-dev", args({ size: SMALLEST })));
        const inputs = captured.one(SERVER).inputs as Record<string, any>;
        assert.deepEqual(inputs.sku, { name: "Standard_B1ms", tier: "Burstable" });
        assert.equal(inputs.highAvailability.mode, "Disabled");
        assert.equal(captured.one(SERVER).protect, false);
    });

    it("refuses a standby on Burstable, too little storage and an out-of-range backup retention, all at once", () => {
        assert.deepEqual(catalogDatabaseProblems({ ...SMALLEST, zoneRedundantHa: true, storageGb: 16, backupRetentionDays: 40 }), [
            "zoneRedundantHa needs GeneralPurpose or MemoryOptimized, not Burstable (Standard_B1ms)",
            "storageGb 16: expected 32 or more (the flexible server's minimum)",
            "backupRetentionDays 40: expected 7 to 35",
        ]);
    });
});
