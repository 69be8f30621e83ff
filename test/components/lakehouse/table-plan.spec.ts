import * as assert from "node:assert/strict";
import fc from "fast-check";
import * as path from "node:path";
import { incompatibleChanges, planTables, widens, type TableColumn, type TableDeclaration } from "../../../components/lakehouse/table-plan";
import { readLakeTables } from "../../../infra/lake-tables";

const ROOT = path.resolve(__dirname, "../../../..");

const table = (columns: TableColumn[], partitionBy = [{ column: "at", transform: "day" }]): TableDeclaration => ({
    namespace: "bronze",
    name: "t",
    layer: "bronze",
    columns,
    partitionBy,
    properties: { "format-version": "2" },
});
const BASE: TableColumn[] = [
    { id: 1, name: "id", type: "string", required: true },
    { id: 2, name: "at", type: "timestamptz", required: true },
    { id: 3, name: "n", type: "int", required: false },
];

/** Valid declarations: distinct ids 1..k, distinct names, primitive types, a day partition on the timestamp. */
const declaration = fc
    .array(fc.record({ type: fc.constantFrom("boolean", "int", "long", "float", "double", "string", "date", "decimal(10,2)"), required: fc.boolean() }), { maxLength: 6 })
    .map((extra) => table([...BASE, ...extra.map((c, i) => ({ id: 4 + i, name: `c${i}`, ...c }))]));

describe("components/lakehouse/table-plan", () => {
    it("the repository's declarations are valid and declare the bronze table the job writes", () => {
        const { tables, files } = readLakeTables(ROOT);
        const bronze = tables.find((t) => `${t.namespace}.${t.name}` === "bronze.events");
        assert.ok(bronze, "bronze.events is declared");
        assert.equal(bronze.layer, "bronze");
        assert.deepEqual(bronze.partitionBy, [{ column: "received_at", transform: "day" }]);
        assert.ok(Object.keys(files).includes("bronze.events.json"));
    });

    it("reports every problem of every file at once, naming file, field and value", () => {
        const error = (() => {
            try {
                planTables({
                    "a.json": { namespace: "Bronze", name: "t", layer: "platinum", columns: [{ id: 1, name: "x", type: "varchar" }, { id: 1, name: "x", type: "int" }], partitionBy: [{ column: "y", transform: "week" }], properties: {} },
                    "b.json": { namespace: "bronze", name: "t", layer: "bronze", columns: [{ id: 1, name: "x", type: "int" }], properties: { "format-version": "2" } },
                    "c.json": { namespace: "bronze", name: "t", layer: "bronze", columns: [{ id: 1, name: "x", type: "int" }], properties: { "format-version": "2" } },
                });
            } catch (e) {
                return (e as Error).message;
            }
            return "";
        })();
        for (const expected of [
            'a.json: namespace "Bronze": expected lower-case snake_case',
            'a.json: layer "platinum": expected one of bronze, gold, silver (it picks the retention)',
            'a.json: column x: type "varchar": expected boolean, int, long',
            "a.json: column x: id 1 is used twice; give each column its own id",
            'a.json: partitionBy column "y" is not a column of the table',
            'a.json: partitionBy transform "week": expected identity, year, month, day, hour, bucket[N] or truncate[W]',
            'a.json: properties.format-version null: expected "2"',
            "table bronze.t is declared 2 times; declare each table in one file",
            "Fix the files in apps/flink-job/tables.",
        ]) {
            assert.ok(error.includes(expected), `${expected}\nin\n${error}`);
        }
    });

    it("property: a declaration is always compatible with itself", () => {
        fc.assert(fc.property(declaration, (t) => incompatibleChanges([t], [t]).length === 0));
    });

    it("property: adding optional columns with the next ids, renaming and widening are always compatible", () => {
        fc.assert(
            fc.property(declaration, fc.integer({ min: 1, max: 4 }), fc.boolean(), (t, added, rename) => {
                const last = Math.max(...t.columns.map((c) => c.id));
                const next = table([
                    ...t.columns.map((c) => ({ ...c, name: rename ? `${c.name}_v2` : c.name, type: c.type === "int" ? "long" : c.type === "float" ? "double" : c.type, required: c.id <= 2 ? c.required : false })),
                    ...Array.from({ length: added }, (_, i) => ({ id: last + 1 + i, name: `added_${i}`, type: "string", required: false })),
                ], t.partitionBy.map((p) => ({ ...p, column: rename ? `${p.column}_v2` : p.column })));
                // Partitioning names columns: a rename renames the partition source too.
                const problems = incompatibleChanges([t], [next]).filter((p) => !p.includes("partitioning"));
                assert.deepEqual(problems, []);
            }),
        );
    });

    it("property: a type change that is not a promotion is refused, naming the table and the column", () => {
        const types = ["boolean", "int", "long", "float", "double", "string", "date", "decimal(10,2)", "decimal(12,2)", "decimal(12,3)"];
        fc.assert(
            fc.property(fc.constantFrom(...types), fc.constantFrom(...types), (from, to) => {
                fc.pre(from !== to);
                const before = table([...BASE, { id: 4, name: "v", type: from, required: false }]);
                const after = table([...BASE, { id: 4, name: "v", type: to, required: false }]);
                const problems = incompatibleChanges([before], [after]);
                assert.equal(problems.length === 0, widens(from, to));
                if (!widens(from, to)) assert.ok(problems[0].startsWith(`bronze.t: column v changes type from ${from} to ${to}`), problems[0]);
            }),
        );
    });

    it("refuses every unsafe change at once: a dropped column, a required or out-of-order new one, optional to required, another partitioning", () => {
        const before = table(BASE);
        const after = table(
            [
                { id: 1, name: "id", type: "string", required: true },
                { id: 2, name: "at", type: "timestamptz", required: true },
                { id: 5, name: "tenant", type: "string", required: true },
            ],
            [{ column: "at", transform: "hour" }],
        );
        assert.deepEqual(incompatibleChanges([before], [after]), [
            "bronze.t: column n (id 3) is in the table but no longer declared: keep it declared (optional, if writers stop filling it); dropping a column is a deliberate catalog operation, not a deploy",
            "bronze.t: new column tenant has id 5, expected 4: new columns take the next ids in order (the table's last id is 3)",
            'bronze.t: new column tenant is required: existing rows have no value for it; declare it "required": false',
            "bronze.t: partitioning changes from [day(at)] to [hour(at)]: partition evolution is not applied by a deploy; evolve it deliberately with the catalog's API and then declare the result",
        ]);
        const tightened = table(BASE.map((c) => (c.name === "n" ? { ...c, required: true } : c)));
        assert.deepEqual(incompatibleChanges([before], [tightened]), ["bronze.t: column n becomes required: rows already written may hold nulls; keep it optional"]);
    });

    it("has nothing to check for a new table, or for a table no longer declared", () => {
        assert.deepEqual(incompatibleChanges([], [table(BASE)]), []);
        assert.deepEqual(incompatibleChanges([table(BASE)], []), []);
    });
});
