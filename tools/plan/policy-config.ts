/**
 * Resolves a policy config file (`policy/config.<stack>.json`, the same file `pulumi preview
 * --policy-pack-config` takes) against the pack's own description of its policies, as the Pulumi CLI
 * does before it calls Configure: schema defaults first, then `all`, then each policy's entry;
 * unknown policies, bad levels and values that break a policy's schema are errors, all listed.
 */
import * as fs from "node:fs";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** A JSON-schema fragment as policies declare their config (the subset the CLI's validation uses). */
export interface PropertySchema {
    type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
    items?: PropertySchema;
    enum?: unknown[];
    minimum?: number;
    maximum?: number;
    minLength?: number;
    properties?: Record<string, PropertySchema>;
    required?: string[];
    additionalProperties?: boolean;
    default?: unknown;
}

/** A policy as the analyzer's GetAnalyzerInfo describes it. */
export interface PolicyDescription {
    readonly name: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Readonly<Record<string, PropertySchema>>;
    readonly required: readonly string[];
}

export interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {
    constructor(
        readonly file: string,
        readonly problems: readonly string[],
    ) {
        super(`Invalid policy config ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

export function readPolicyConfigFile(file: string): Record<string, unknown> {
    if (!fs.existsSync(file)) {
        return {};
    }
    try {
        const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
            throw new Error("expected a JSON object of policy names");
        }
        return parsed as Record<string, unknown>;
    } catch (error) {
        throw new PolicyConfigError(file, [(error as Error).message]);
    }
}

/** The config to send for every policy, or PolicyConfigError listing every problem. */
export function resolvePolicyConfig(
    file: string,
    policies: readonly PolicyDescription[],
    entries: Record<string, unknown>,
): Record<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    const isLevel = (v: unknown): v is EnforcementLevel => (ENFORCEMENT_LEVELS as readonly unknown[]).includes(v);
    const levelProblem = (where: string, v: unknown) => `${where}: enforcement level ${JSON.stringify(v)}; expected one of ${ENFORCEMENT_LEVELS.join(", ")}`;

    const all = entries.all;
    if (all !== undefined && !isLevel(all)) {
        problems.push(levelProblem(`"all"`, all));
    }
    const known = new Set(policies.map((p) => p.name));
    for (const name of Object.keys(entries)) {
        if (name !== "all" && !known.has(name)) {
            problems.push(`"${name}": the pack has no such policy; expected one of ${[...known].join(", ")}`);
        }
    }

    const resolved: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of policies) {
        const entry = entries[policy.name];
        const properties: Record<string, unknown> = {};
        for (const [prop, schema] of Object.entries(policy.properties)) {
            if (schema.default !== undefined) {
                properties[prop] = schema.default;
            }
        }
        let level: EnforcementLevel = isLevel(all) ? all : policy.enforcementLevel;
        if (typeof entry === "string") {
            if (isLevel(entry)) {
                level = entry;
            } else {
                problems.push(levelProblem(`"${policy.name}"`, entry));
            }
        } else if (entry && typeof entry === "object" && !Array.isArray(entry)) {
            for (const [prop, value] of Object.entries(entry as Record<string, unknown>)) {
                if (prop === "enforcementLevel") {
                    if (isLevel(value)) {
                        level = value;
                    } else {
                        problems.push(levelProblem(`"${policy.name}".enforcementLevel`, value));
                    }
                } else if (!(prop in policy.properties)) {
                    const expected = Object.keys(policy.properties);
                    problems.push(`"${policy.name}".${prop}: the policy has no such setting; expected ${expected.length ? expected.join(", ") : "none"}`);
                } else {
                    const problem = checkValue(value, policy.properties[prop]);
                    if (problem) {
                        problems.push(`"${policy.name}".${prop} = ${JSON.stringify(value)}: expected ${problem}`);
                    }
                    properties[prop] = value;
                }
            }
        } else if (entry !== undefined) {
            problems.push(`"${policy.name}": expected an enforcement level or an object of settings`);
        }
        for (const prop of policy.required) {
            if (properties[prop] === undefined) {
                problems.push(`"${policy.name}".${prop}: required by the policy and not set`);
            }
        }
        resolved[policy.name] = { enforcementLevel: level, properties };
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(file, problems);
    }
    return resolved;
}

/** Checks a value against a schema fragment; returns what was expected when it does not fit. */
export function checkValue(value: unknown, schema: PropertySchema): string | undefined {
    const describe = () =>
        [schema.type ?? "a value", schema.minimum !== undefined ? `>= ${schema.minimum}` : "", schema.maximum !== undefined ? `<= ${schema.maximum}` : ""]
            .filter(Boolean)
            .join(" ");
    switch (schema.type) {
        case "string":
            if (typeof value !== "string") return describe();
            if (schema.minLength !== undefined && value.length < schema.minLength) return `a string of at least ${schema.minLength} characters`;
            break;
        case "boolean":
            if (typeof value !== "boolean") return describe();
            break;
        case "integer":
        case "number":
            if (typeof value !== "number" || (schema.type === "integer" && !Number.isInteger(value))) return describe();
            if (schema.minimum !== undefined && value < schema.minimum) return describe();
            if (schema.maximum !== undefined && value > schema.maximum) return describe();
            break;
        case "array":
            if (!Array.isArray(value)) return `an array${schema.items?.type ? ` of ${schema.items.type}` : ""}`;
            for (const item of value) {
                const problem = schema.items ? checkValue(item, schema.items) : undefined;
                if (problem) return `an array of ${problem}`;
            }
            break;
        case "object": {
            if (!value || typeof value !== "object" || Array.isArray(value)) return describe();
            const record = value as Record<string, unknown>;
            for (const key of schema.required ?? []) {
                if (record[key] === undefined) return `an object with ${key}`;
            }
            for (const [key, inner] of Object.entries(record)) {
                const propertySchema = schema.properties?.[key];
                if (!propertySchema) {
                    if (schema.additionalProperties === false) return `an object with only ${Object.keys(schema.properties ?? {}).join(", ")} (not ${key})`;
                    continue;
                }
                const problem = checkValue(inner, propertySchema);
                if (problem) return `an object whose ${key} is ${problem}`;
            }
            break;
        }
        default:
            break;
    }
    if (schema.enum && !schema.enum.includes(value)) {
        return `one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
    }
    return undefined;
}
