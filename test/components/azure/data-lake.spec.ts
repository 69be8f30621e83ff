import * as assert from "node:assert/strict";
import { DataLake, LAKE_PRIVATE_LINK, lifecycleRules, WAREHOUSE_METADATA_KEY, type DataLakeArgs } from "../../../components/azure/data-lake";
import { assignRoles } from "../../../components/azure/roles";
import { capture, valueOf } from "../../support/harness";

const ACCOUNT = "azure-native:storage:StorageAccount";
const PLACEMENT = {
    subnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe",
    dnsZoneIds: Object.fromEntries(LAKE_PRIVATE_LINK.map((g) => [g.dnsZone, `/zones/${g.dnsZone}`])),
};

function lakeArgs(overrides: Partial<DataLakeArgs> = {}): DataLakeArgs {
    return {
        resourceGroupName: "rg",
        location: "westeurope",
        accountName: "platformdevlake123abc",
        sku: "Standard_LRS",
        containers: [{ name: "bronze", expireAfterDays: 30 }, { name: "silver", expireAfterDays: 365 }, { name: "gold" }],
        ...overrides,
    };
}

describe("components/azure/DataLake", () => {
    it("creates an ADLS Gen2 account: HNS, TLS 1.2, HTTPS only, no public blobs, Entra ID only", async () => {
        const captured = await capture(() => new DataLake("lake-defaults", lakeArgs()));
        const account = captured.one(ACCOUNT).inputs as Record<string, any>;
        assert.equal(account.kind, "StorageV2");
        assert.equal(account.isHnsEnabled, true);
        assert.equal(account.minimumTlsVersion, "TLS1_2");
        assert.equal(account.enableHttpsTrafficOnly, true);
        assert.equal(account.allowBlobPublicAccess, false);
        assert.equal(account.allowSharedKeyAccess, false);
        assert.equal(account.defaultToOAuthAuthentication, true);
        assert.deepEqual(account.sku, { name: "Standard_LRS" });
        assert.equal(account.publicNetworkAccess, "Enabled");
        assert.equal(captured.one(ACCOUNT).protect, false);
        assert.equal(await valueOf(captured.value.dfsEndpoint), "https://platformdevlake123abc.dfs.core.windows.net/");
    });

    it("keeps deleted blobs and containers recoverable, and creates private containers", async () => {
        const captured = await capture(() => new DataLake("lake-containers", lakeArgs({ softDeleteDays: 30 })));
        const service = captured.one("azure-native:storage:BlobServiceProperties").inputs;
        assert.deepEqual(service.deleteRetentionPolicy, { enabled: true, days: 30 });
        assert.deepEqual(service.containerDeleteRetentionPolicy, { enabled: true, days: 30 });
        assert.deepEqual(
            captured.ofType("azure-native:storage:BlobContainer").map((c) => [c.inputs.containerName, c.inputs.publicAccess]),
            [
                ["bronze", "None"],
                ["silver", "None"],
                ["gold", "None"],
            ],
        );
    });

    it("expires each zone after its configured days through one lifecycle policy", async () => {
        const captured = await capture(() => new DataLake("lake-lifecycle", lakeArgs()));
        const policy = captured.one("azure-native:storage:ManagementPolicy").inputs as Record<string, any>;
        assert.equal(policy.managementPolicyName, "default");
        assert.deepEqual(
            policy.policy.rules.map((r: any) => [r.name, r.definition.filters.prefixMatch, r.definition.actions.baseBlob.delete.daysAfterModificationGreaterThan]),
            [
                ["expire-bronze", ["bronze/"], 30],
                ["expire-silver", ["silver/"], 365],
            ],
        );
        assert.deepEqual(lifecycleRules([{ name: "gold" }]), []);
    });

    it("prod: GZRS, default-deny, public access off, blob and dfs private endpoints, protected", async () => {
        const captured = await capture(
            () =>
                new DataLake(
                    "lake-prod",
                    lakeArgs({ sku: "Standard_GZRS", privateLink: PLACEMENT, endpointName: (g) => `p-prod-lake-${g}-pe`, protect: true }),
                ),
        );
        const account = captured.one(ACCOUNT);
        assert.equal(account.protect, true);
        assert.deepEqual(account.inputs.sku, { name: "Standard_GZRS" });
        assert.equal(account.inputs.publicNetworkAccess, "Disabled");
        assert.deepEqual(account.inputs.networkRuleSet, { defaultAction: "Deny", bypass: "AzureServices" });
        assert.deepEqual(
            captured.ofType("azure-native:network:PrivateEndpoint").map((e) => e.inputs.privateEndpointName),
            ["p-prod-lake-blob-pe", "p-prod-lake-dfs-pe"],
        );
    });

    it("offers data-role grants on the account or one container, and abfss URLs, only for its containers", async () => {
        const captured = await capture(() => {
            const lake = new DataLake("lake-grants", lakeArgs());
            return { lake, whole: lake.readWrite(), bronze: lake.read("bronze") };
        });
        const { lake, whole, bronze } = captured.value;
        assert.equal(whole.role, "Storage Blob Data Contributor");
        assert.equal(whole.label, "lake-grants-rw");
        assert.equal(bronze.role, "Storage Blob Data Reader");
        assert.equal(bronze.label, "lake-grants-bronze-ro");
        assert.match(await valueOf(bronze.scope as never), /storageAccounts\/platformdevlake123abc\/blobServices\/default\/containers\/bronze$/);
        assert.equal(await valueOf(lake.abfssUrl("gold", "tables/")), "abfss://gold@platformdevlake123abc.dfs.core.windows.net/tables/");
        assert.throws(() => lake.readWrite("platinum"), /no container "platinum" in this account; it has bronze, silver, gold/);
    });

    it("scopes a container grant to the container resource, so its role assignment waits for the container", async () => {
        const captured = await capture(() => {
            const lake = new DataLake("lake-scoped", lakeArgs());
            assignRoles("reader", { principalId: "00000000-0000-0000-0000-0000000000aa" }, [lake.read("silver")], {});
        });
        const silver = captured.ofType("azure-native:storage:BlobContainer").find((c) => c.inputs.containerName === "silver")!;
        const assignment = captured.one("azure-native:authorization:RoleAssignment");
        assert.ok(assignment.dependencies.includes(silver.urn), `${assignment.dependencies.join(", ")} has no ${silver.urn}`);
        assert.match(String(assignment.inputs.scope), /storageAccounts\/platformdevlake123abc\/blobServices\/default\/containers\/silver$/);
    });

    it("marks an Iceberg warehouse container in its metadata, and refuses a lifecycle expiry on it", async () => {
        const containers = [{ name: "warehouse", icebergWarehouse: true }, { name: "landing", expireAfterDays: 30 }];
        const captured = await capture(() => new DataLake("lake-warehouse", lakeArgs({ containers })));
        assert.deepEqual(
            captured
                .ofType("azure-native:storage:BlobContainer")
                .map((c) => [c.inputs.containerName, c.inputs.metadata])
                .sort(),
            [
                ["landing", undefined],
                ["warehouse", { [WAREHOUSE_METADATA_KEY]: "true" }],
            ],
        );
        assert.deepEqual(lifecycleRules(containers).map((r) => (r.definition as { filters: { prefixMatch: string[] } }).filters.prefixMatch), [["landing/"]]);
        assert.throws(
            () => new DataLake("lake-warehouse-expiring", lakeArgs({ containers: [{ name: "warehouse", icebergWarehouse: true, expireAfterDays: 30 }] })),
            /container "warehouse" is an Iceberg warehouse and has expireAfterDays 30: a lifecycle rule would delete files its tables reference/,
        );
    });

    it("refuses bad containers, listing every problem, before creating anything", async () => {
        const captured = await capture(() =>
            assert.throws(
                () => new DataLake("lake-bad", lakeArgs({ containers: [{ name: "Bronze" }, { name: "ok-zone", expireAfterDays: 0 }, { name: "ok-zone" }] })),
                (error: Error) => {
                    assert.equal(
                        error.message,
                        'DataLake "lake-bad": container "Bronze" is not a valid name (3-63 lower-case letters, digits and single hyphens); ' +
                            'container "ok-zone": expireAfterDays 0 is not a positive whole number of days; containers repeat ok-zone',
                    );
                    return true;
                },
            ),
        );
        assert.equal(captured.ofType(ACCOUNT).length, 0);
    });
});
