/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI prepares a program's config:
 * project-declared defaults first, stack values over them, structured values as JSON text, and the
 * keys of secure values listed as secret. Encrypted values cannot be decrypted offline, so they
 * become clearly marked placeholders.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface ProjectFile {
    readonly name: string;
    readonly main: string | undefined;
    /** Declared project config keys (without namespace) and their declarations. */
    readonly config: Readonly<Record<string, { type?: string; default?: unknown; secret?: boolean; description?: string }>>;
}

export interface StackConfig {
    /** `<namespace>:<key>` to the text the program sees. */
    readonly config: Record<string, string>;
    /** Full keys whose values are secrets. */
    readonly secretKeys: string[];
    /** Full keys whose values were encrypted and are stood in for by a placeholder. */
    readonly placeholders: string[];
}

/** A problem with the project or stack files themselves (not with a value the program validates). */
export class StackFileError extends Error {
    override readonly name = "StackFileError";
}

export function readProjectFile(projectDir: string): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    const doc = parseYamlFile(file) as Record<string, any> | undefined;
    if (!doc || typeof doc.name !== "string") {
        throw new StackFileError(`${file}: expected a Pulumi project file with a "name"`);
    }
    const config: ProjectFile["config"] = {};
    for (const [key, decl] of Object.entries<any>(doc.config ?? {})) {
        (config as Record<string, unknown>)[key] = decl && typeof decl === "object" && !Array.isArray(decl) ? decl : { default: decl };
    }
    return { name: doc.name, main: typeof doc.main === "string" ? doc.main : undefined, config };
}

/** The placeholder a secure value becomes offline. */
export function secretPlaceholder(fullKey: string): string {
    return `[offline placeholder for the encrypted value of ${fullKey}]`;
}

/**
 * Builds the program's config from the project file and a stack file (default
 * `<projectDir>/Pulumi.<stack>.yaml`; a missing stack file means an empty one, as for a new stack).
 */
export function readStackConfig(projectDir: string, project: ProjectFile, stack: string, stackFile?: string): StackConfig {
    const file = stackFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    const doc = fs.existsSync(file) ? ((parseYamlFile(file) as Record<string, any> | null) ?? {}) : {};
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const placeholders: string[] = [];

    for (const [key, decl] of Object.entries(project.config)) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        if (decl.default !== undefined) {
            config[fullKey] = toConfigText(decl.default);
        }
    }
    for (const [key, value] of Object.entries<unknown>(doc.config ?? {})) {
        if (!key.includes(":")) {
            throw new StackFileError(`${file}: config key "${key}" has no namespace; write it as ${project.name}:${key}`);
        }
        let secret = false;
        const replaced = replaceSecure(value, () => {
            secret = true;
            return secretPlaceholder(key);
        });
        config[key] = toConfigText(replaced);
        if (secret) {
            secretKeys.add(key);
            placeholders.push(key);
        }
    }
    return { config, secretKeys: [...secretKeys], placeholders };
}

function parseYamlFile(file: string): unknown {
    if (!fs.existsSync(file)) {
        throw new StackFileError(`${file} does not exist`);
    }
    try {
        return parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new StackFileError(`${file} is not valid YAML: ${(error as Error).message}`);
    }
}

/** Scalars as their text, structures as JSON: what PULUMI_CONFIG carries. */
function toConfigText(value: unknown): string {
    return typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Replaces every `{ secure: ... }` in a value (at any depth) by `stand()`. */
function replaceSecure(value: unknown, stand: () => string): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => replaceSecure(v, stand));
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (Object.keys(record).length === 1 && typeof record.secure === "string") {
            return stand();
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, replaceSecure(v, stand)]));
    }
    return value;
}
