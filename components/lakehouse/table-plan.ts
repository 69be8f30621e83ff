/**
 * The lake's tables as code: declarations (apps/flink-job/tables/*.json, the same files the job's
 * TableSync applies) validated with every problem at once, and the check a preview makes against
 * the declarations the stack last deployed: the rules TableSync enforces against the live table
 * (apps/flink-job/.../lakehouse/SchemaChanges.java), so an incompatible change fails the preview,
 * naming the table and the column, before anything is sent.
 */

/** Lake layers; each table names one, which picks its retention. */
export const LAYERS = ["bronze", "silver", "gold"] as const;
export type Layer = (typeof LAYERS)[number];

export interface TableColumn {
    /** Iceberg field id: stable across renames, never reused. */
    readonly id: number;
    readonly name: string;
    readonly type: string;
    readonly required: boolean;
    readonly doc?: string;
}

export interface TableDeclaration {
    readonly namespace: string;
    readonly name: string;
    readonly layer: Layer;
    readonly doc?: string;
    readonly columns: readonly TableColumn[];
    readonly partitionBy: readonly { readonly column: string; readonly transform: string }[];
    readonly properties: Readonly<Record<string, string>>;
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const PRIMITIVES = ["boolean", "int", "long", "float", "double", "date", "timestamp", "timestamptz", "string", "uuid", "binary"];
const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;
const TRANSFORM = /^(identity|year|month|day|hour|bucket\[\d+\]|truncate\[\d+\])$/;

/** `namespace.name` */
export function qualifiedName(table: { namespace: string; name: string }): string {
    return `${table.namespace}.${table.name}`;
}

/** Parses one declaration file's JSON; `source` names it in messages. Returns the declaration or its problems. */
export function parseTable(source: string, json: unknown): { table?: TableDeclaration; problems: string[] } {
    const problems: string[] = [];
    const o = (json ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    const identifier = (field: string) => {
        const value = text(o[field]);
        if (!IDENTIFIER.test(value)) problems.push(`${source}: ${field} ${JSON.stringify(o[field] ?? null)}: expected lower-case snake_case`);
        return value;
    };
    const namespace = identifier("namespace");
    const name = identifier("name");
    const layer = text(o.layer);
    if (!(LAYERS as readonly string[]).includes(layer)) {
        problems.push(`${source}: layer ${JSON.stringify(o.layer ?? null)}: expected one of ${[...LAYERS].sort().join(", ")} (it picks the retention)`);
    }
    const columns: TableColumn[] = [];
    const rawColumns = Array.isArray(o.columns) ? (o.columns as Record<string, unknown>[]) : [];
    if (rawColumns.length === 0) problems.push(`${source}: columns: expected a non-empty array of {id, name, type, required, doc}`);
    const ids = new Set<number>();
    const names = new Set<string>();
    for (const c of rawColumns) {
        const where = `${source}: column ${text(c.name) || "?"}`;
        const id = c.id;
        if (typeof id !== "number" || !Number.isInteger(id) || id < 1) problems.push(`${where}: id ${JSON.stringify(id ?? null)}: expected a positive whole number, never reused`);
        else if (ids.has(id)) problems.push(`${where}: id ${id} is used twice; give each column its own id`);
        else ids.add(id);
        const columnName = text(c.name);
        if (!IDENTIFIER.test(columnName)) problems.push(`${where}: name ${JSON.stringify(c.name ?? null)}: expected lower-case snake_case`);
        else if (names.has(columnName)) problems.push(`${where}: the name is used twice`);
        else names.add(columnName);
        const type = text(c.type);
        if (!PRIMITIVES.includes(type) && !DECIMAL.test(type)) {
            problems.push(`${where}: type ${JSON.stringify(c.type ?? null)}: expected boolean, int, long, float, double, decimal(P,S), date, timestamp, timestamptz, string, uuid or binary`);
        }
        columns.push({ id: id as number, name: columnName, type, required: c.required === true, ...(typeof c.doc === "string" ? { doc: c.doc } : {}) });
    }
    const partitionBy = (Array.isArray(o.partitionBy) ? (o.partitionBy as Record<string, unknown>[]) : []).map((p) => ({ column: text(p.column), transform: text(p.transform) }));
    for (const p of partitionBy) {
        if (!names.has(p.column)) problems.push(`${source}: partitionBy column ${JSON.stringify(p.column)} is not a column of the table`);
        if (!TRANSFORM.test(p.transform)) problems.push(`${source}: partitionBy transform ${JSON.stringify(p.transform)}: expected identity, year, month, day, hour, bucket[N] or truncate[W]`);
    }
    const properties = Object.fromEntries(Object.entries((o.properties ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    if (properties["format-version"] !== "2") {
        problems.push(`${source}: properties.format-version ${JSON.stringify(properties["format-version"] ?? null)}: expected "2" (row-level deletes, the lake's format)`);
    }
    if (problems.length > 0) return { problems };
    return { table: { namespace, name, layer: layer as Layer, ...(typeof o.doc === "string" ? { doc: o.doc } : {}), columns, partitionBy, properties }, problems };
}

/** Validates a set of declaration files (name -> parsed JSON); throws listing every problem, including a table declared twice. */
export function planTables(files: Readonly<Record<string, unknown>>): TableDeclaration[] {
    const problems: string[] = [];
    const tables: TableDeclaration[] = [];
    for (const [source, json] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
        const parsed = parseTable(source, json);
        problems.push(...parsed.problems);
        if (parsed.table) tables.push(parsed.table);
    }
    const seen = new Map<string, number>();
    for (const t of tables) seen.set(qualifiedName(t), (seen.get(qualifiedName(t)) ?? 0) + 1);
    for (const [table, count] of seen) if (count > 1) problems.push(`table ${table} is declared ${count} times; declare each table in one file`);
    if (Object.keys(files).length === 0) problems.push("no table declarations: the bronze table the Flink job writes must be declared (apps/flink-job/tables/*.json)");
    if (problems.length > 0) {
        throw new Error(`invalid lake table declarations (${problems.length}):\n  - ${problems.join("\n  - ")}\nFix the files in apps/flink-job/tables.`);
    }
    return tables;
}

/** Whether a column of type `from` may become `to` in place (Iceberg's safe promotions). */
export function widens(from: string, to: string): boolean {
    if (from === "int" && to === "long") return true;
    if (from === "float" && to === "double") return true;
    const a = DECIMAL.exec(from);
    const b = DECIMAL.exec(to);
    return !!a && !!b && a[2] === b[2] && Number(b[1]) > Number(a[1]);
}

const partitioning = (t: TableDeclaration) => t.partitionBy.map((p) => `${p.transform}(${p.column})`).join(", ");

/**
 * Why `next` cannot replace `previous` (the declarations the stack last deployed) without breaking
 * the table: one message per broken rule, naming the table and the column. Tables that are new, or
 * no longer declared (they stay in the catalog), have nothing to check.
 */
export function incompatibleChanges(previous: readonly TableDeclaration[], next: readonly TableDeclaration[]): string[] {
    const problems: string[] = [];
    for (const table of next) {
        const before = previous.find((p) => qualifiedName(p) === qualifiedName(table));
        if (!before) continue;
        const where = qualifiedName(table);
        const declaredIds = new Set(table.columns.map((c) => c.id));
        for (const old of before.columns) {
            if (!declaredIds.has(old.id)) {
                problems.push(`${where}: column ${old.name} (id ${old.id}) is in the table but no longer declared: keep it declared (optional, if writers stop filling it); dropping a column is a deliberate catalog operation, not a deploy`);
            }
        }
        const lastId = Math.max(0, ...before.columns.map((c) => c.id));
        let nextId = lastId + 1;
        for (const added of table.columns.filter((c) => !before.columns.some((o) => o.id === c.id)).sort((a, b) => a.id - b.id)) {
            if (added.id !== nextId) {
                problems.push(`${where}: new column ${added.name} has id ${added.id}, expected ${nextId}: new columns take the next ids in order (the table's last id is ${lastId})`);
            }
            nextId++;
            if (added.required) problems.push(`${where}: new column ${added.name} is required: existing rows have no value for it; declare it "required": false`);
        }
        for (const column of table.columns) {
            const old = before.columns.find((o) => o.id === column.id);
            if (!old) continue;
            if (old.type !== column.type && !widens(old.type, column.type)) {
                problems.push(`${where}: column ${column.name} changes type from ${old.type} to ${column.type}: only int to long, float to double and a decimal's precision up are safe; add a new column instead`);
            }
            if (!old.required && column.required) problems.push(`${where}: column ${column.name} becomes required: rows already written may hold nulls; keep it optional`);
        }
        if (partitioning(before) !== partitioning(table)) {
            problems.push(`${where}: partitioning changes from [${partitioning(before)}] to [${partitioning(table)}]: partition evolution is not applied by a deploy; evolve it deliberately with the catalog's API and then declare the result`);
        }
    }
    return problems;
}
