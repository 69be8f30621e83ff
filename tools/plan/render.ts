/**
 * Turns recorded registrations into the plan's artefacts: the preview-like tree, the count by type,
 * the Kubernetes manifests as they would be applied, and the Mermaid dependency graph.
 */
import { stringify } from "yaml";
import type { PolicyViolation } from "./analyzer";
import { secretMapKeys, type RecordedResource } from "./recorder";

const ROOT_TYPE = "pulumi:pulumi:Stack";

/** Kubernetes types that are not objects applied to the cluster. */
function isKubernetesObject(r: RecordedResource): boolean {
    return (
        r.custom &&
        r.type.startsWith("kubernetes:") &&
        !r.type.startsWith("kubernetes:helm.sh/") &&
        !r.type.startsWith("kubernetes:yaml") &&
        typeof r.inputs.kind === "string"
    );
}

/** The preview-like tree: one line per resource, children under their parent. */
export function renderTree(resources: readonly RecordedResource[], violations: readonly PolicyViolation[]): string {
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of resources) {
        const parent = r.parent && resources.some((p) => p.urn === r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const rows: [string, string, string][] = [];
    const walk = (r: RecordedResource, prefix: string, last: boolean, depth: number) => {
        const branch = depth === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
        rows.push([`${branch}${r.type}`, r.name, info(r, violations)]);
        const kids = children.get(r.urn) ?? [];
        const nextPrefix = depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`;
        kids.forEach((k, i) => walk(k, nextPrefix, i === kids.length - 1, depth + 1));
    };
    const roots = children.get(undefined) ?? [];
    roots.forEach((r, i) => walk(r, "", i === roots.length - 1, r.type === ROOT_TYPE ? 0 : 1));
    const typeWidth = Math.max(4, ...rows.map((r) => r[0].length)) + 2;
    const nameWidth = Math.max(4, ...rows.map((r) => r[1].length)) + 2;
    const line = (t: string, n: string, i: string) => ` +   ${t.padEnd(typeWidth)}${n.padEnd(nameWidth)}${i}`.trimEnd();
    return ["     " + "Type".padEnd(typeWidth) + "Name".padEnd(nameWidth) + "Plan", ...rows.map((r) => line(...r))].join("\n");
}

function info(r: RecordedResource, violations: readonly PolicyViolation[]): string {
    const notes = ["create"];
    if (r.protect) {
        notes.push("protected");
    }
    const mine = violations.filter((v) => v.urn === r.urn);
    for (const level of ["mandatory", "advisory"] as const) {
        const n = mine.filter((v) => v.level === level).length;
        if (n > 0) {
            notes.push(`${n} ${level} violation${n === 1 ? "" : "s"}`);
        }
    }
    return notes.join(", ");
}

/** Resources counted by type, most frequent first. */
export function countByType(resources: readonly RecordedResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Kubernetes objects as they would be applied: file name to YAML text. */
export function renderManifests(resources: readonly RecordedResource[]): Map<string, string> {
    const files = new Map<string, string>();
    for (const r of resources.filter(isKubernetesObject)) {
        const { apiVersion, kind, metadata, ...rest } = r.inputs as Record<string, any>;
        if (kind === "Secret") {
            // Keep the keys of a Secret's data, never the values.
            for (const field of ["data", "stringData"]) {
                if (field in r.wireInputs) {
                    rest[field] = secretMapKeys(r.wireInputs[field]);
                }
            }
        }
        const namespace: string = metadata?.namespace ?? "cluster";
        const objectName: string = metadata?.name ?? r.name;
        const file = `${namespace}.${String(kind).toLowerCase()}.${objectName}.yaml`.replace(/[^A-Za-z0-9._-]/g, "_");
        files.set(file, stringify({ apiVersion, kind, metadata: { ...metadata, name: objectName }, ...rest }));
    }
    return files;
}

/** The dependency graph: components as subgraphs, an arrow from each dependency to its dependent. */
export function renderGraph(resources: readonly RecordedResource[]): string {
    const shown = resources.filter((r) => r.type !== ROOT_TYPE && !r.type.startsWith("pulumi:providers:"));
    const ids = new Map(shown.map((r, i) => [r.urn, `r${i}`]));
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of shown) {
        const parent = r.parent && ids.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const label = (r: RecordedResource) => `${r.name}<br/><small>${r.type}</small>`.replace(/"/g, "'");
    const lines = ["flowchart LR"];
    const emit = (r: RecordedResource, indent: string) => {
        const kids = children.get(r.urn);
        if (!r.custom && kids?.length) {
            lines.push(`${indent}subgraph ${ids.get(r.urn)}["${label(r)}"]`);
            kids.forEach((k) => emit(k, indent + "  "));
            lines.push(`${indent}end`);
        } else {
            lines.push(`${indent}${ids.get(r.urn)}["${label(r)}"]`);
        }
    };
    (children.get(undefined) ?? []).forEach((r) => emit(r, "  "));
    for (const r of shown) {
        for (const dep of r.dependencies) {
            const from = ids.get(dep);
            if (from && dep !== r.parent) {
                lines.push(`  ${from} --> ${ids.get(r.urn)}`);
            }
        }
    }
    return lines.join("\n") + "\n";
}
