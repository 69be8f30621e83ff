import * as assert from "node:assert/strict";
import { WAREHOUSE_METADATA_KEY as COMPONENT_KEY } from "../../../components/azure/data-lake";
import { lifecycleSparesTableData, prefixCovers, WAREHOUSE_METADATA_KEY } from "../../../policy/rules/azure/lifecycle-spares-table-data";
import { stackRuleTable, type TestResource } from "../../support/policy";

const object = (type: string, name: string, props: Record<string, any>): TestResource => ({ type, name, props });
const rule = (name: string, prefixMatch: string[] | undefined, actions: Record<string, unknown> = { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } }) => ({
    name,
    enabled: true,
    type: "Lifecycle",
    definition: { filters: { blobTypes: ["blockBlob"], ...(prefixMatch ? { prefixMatch } : {}) }, actions },
});

/** The lake: a warehouse and a landing container, files in landing expire; another account expires everything. */
function stack(): TestResource[] {
    return [
        object("azure-native:storage:BlobContainer", "lake-warehouse", { accountName: "stlake", containerName: "warehouse", metadata: { [WAREHOUSE_METADATA_KEY]: "true" } }),
        object("azure-native:storage:BlobContainer", "lake-landing", { accountName: "stlake", containerName: "landing" }),
        object("azure-native:storage:ManagementPolicy", "lake-lifecycle", { accountName: "stlake", policy: { rules: [rule("expire-landing", ["landing/"])] } }),
        object("azure-native:storage:ManagementPolicy", "logs-lifecycle", { accountName: "stlogs", policy: { rules: [rule("expire-all", undefined)] } }),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;
const lakeRules = (s: TestResource[]) => named(s, "lake-lifecycle").props.policy.rules;

describe("lifecycle-spares-table-data", () => {
    it("uses the metadata key the DataLake component marks warehouses with", () => {
        assert.equal(WAREHOUSE_METADATA_KEY, COMPONENT_KEY);
    });

    it("a prefix covers a container when it is empty, a start of the container's path, or inside it", () => {
        assert.deepEqual(
            ["", "w", "warehouse", "warehouse/", "warehouse/bronze/", "landing/", "warehouses/", "ware/"].map((p) => prefixCovers(p, "warehouse")),
            [true, true, true, true, true, false, false, false],
        );
    });
});

stackRuleTable(lifecycleSparesTableData, {
    good: stack,
    compliant: [
        ["a disabled rule over the whole account", (s) => lakeRules(s).push({ ...rule("off", undefined), enabled: false })],
        ["a rule on landing only, with a tier change", (s) => lakeRules(s).push(rule("cool-landing", ["landing/old/"], { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 7 } } }))],
        ["a warehouse mark that is not \"true\"", (s) => (named(s, "lake-warehouse").props.metadata[WAREHOUSE_METADATA_KEY] = "false", lakeRules(s).push(rule("all", undefined)))],
    ],
    bad: [
        [
            "a rule over the whole account",
            (s) => lakeRules(s).push(rule("expire-all", undefined)),
            'azure-native:storage:ManagementPolicy "lake-lifecycle": policy.rules[1] "expire-all" definition.filters.prefixMatch is no prefix (the whole account), reaching the Iceberg warehouse warehouse',
        ],
        ["a rule inside a table's path", (s) => lakeRules(s).push(rule("bronze", ["landing/", "warehouse/bronze/"])), 'is ["landing/","warehouse/bronze/"], reaching the Iceberg warehouse warehouse'],
        ["a prefix that starts the warehouse's name", (s) => (lakeRules(s)[0].definition.filters.prefixMatch = ["ware"]), "expected prefixes outside warehouse/"],
        [
            "an archive tier (unreadable files) under the warehouse",
            (s) => lakeRules(s).push(rule("archive", ["warehouse/"], { baseBlob: { tierToArchive: { daysAfterModificationGreaterThan: 90 } } })),
            "Fix: scope the rule to files that are not tables",
        ],
    ],
});
