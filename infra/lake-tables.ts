/**
 * The lake's table declarations, read from their one home (apps/flink-job/tables/*.json: the job's
 * TableSync applies the same files) and validated before any resource is registered.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planTables, type TableDeclaration } from "../components/lakehouse/table-plan";
import { LAKEHOUSE } from "./workloads";

export interface LakeTableFiles {
    /** File name -> JSON text, as the table jobs receive them. */
    readonly files: Readonly<Record<string, string>>;
    /** The declarations, validated. */
    readonly tables: readonly TableDeclaration[];
}

/** The declarations of the checkout at `projectDir`; throws naming every problem of every file. */
export function readLakeTables(projectDir: string): LakeTableFiles {
    const dir = path.join(projectDir, LAKEHOUSE.tablesDir);
    const files = Object.fromEntries(
        fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".json"))
            .sort()
            .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );
    const parsed: Record<string, unknown> = {};
    const unreadable: string[] = [];
    for (const [file, text] of Object.entries(files)) {
        try {
            parsed[`${LAKEHOUSE.tablesDir}/${file}`] = JSON.parse(text);
        } catch (e) {
            unreadable.push(`${LAKEHOUSE.tablesDir}/${file}: not JSON (${(e as Error).message})`);
        }
    }
    if (unreadable.length > 0) throw new Error(`invalid lake table declarations:\n  - ${unreadable.join("\n  - ")}`);
    return { files, tables: planTables(parsed) };
}
