/**
 * Reading a Pulumi project's stack configuration, shared by both projects of this repository (the
 * platform in infra/, the Deployments project in stacks/deployments/): the raw values as the runtime
 * hands them over, the error that lists every problem at once with its fix, the commands that fix a
 * key, and the wrapper that turns that error into a message the Pulumi CLI prints without a stack
 * trace.
 */
import * as pulumi from "@pulumi/pulumi";

/** The configuration as the Pulumi runtime hands it over. */
export interface RawConfig {
    readonly project: string;
    readonly stack: string;
    /** Values of the project's namespace, keys without the `<project>:` prefix; lists as JSON text. */
    readonly values: Readonly<Record<string, string>>;
    /** Keys (without prefix) whose values are Pulumi secrets. */
    readonly secretKeys: ReadonlySet<string>;
}

/** Where a program reads its config at run time (Pulumi CLI, or the offline plan's mock runtime). */
export interface ConfigSource {
    project: string;
    stack: string;
    /** All config, keys as `<namespace>:<key>`. */
    all: Record<string, string>;
    isSecret(fullKey: string): boolean;
}

/** Builds the RawConfig of the project's namespace from a source; other namespaces (azure-native:...) pass through untouched. */
export function rawConfigFrom(source: ConfigSource): RawConfig {
    const prefix = `${source.project}:`;
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, value] of Object.entries(source.all)) {
        if (fullKey.startsWith(prefix)) {
            const key = fullKey.slice(prefix.length);
            values[key] = value;
            if (source.isSecret(fullKey)) {
                secretKeys.add(key);
            }
        }
    }
    return { project: source.project, stack: source.stack, values, secretKeys };
}

/** One thing wrong with the stack file. */
export interface ConfigProblem {
    readonly key: string;
    /** The value as given, or a placeholder for secrets and absent keys. */
    readonly value: string;
    readonly expected: string;
    readonly fix: string;
}

export class ConfigError extends Error {
    constructor(
        readonly stack: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        const lines = problems.map((p) => `  - ${p.key} = ${p.value}: expected ${p.expected}.\n    Fix: ${p.fix}`);
        super(`Invalid configuration for stack "${stack}" (${count}); nothing was created:\n${lines.join("\n")}`);
        this.name = "ConfigError";
    }
}

/** A config value that must not be printed; `reveal()` is the only way to the text. */
export class SecretValue {
    readonly #value: string;
    constructor(value: string) {
        this.#value = value;
    }
    reveal(): string {
        return this.#value;
    }
    toString(): string {
        return "[secret]";
    }
    toJSON(): string {
        return "[secret]";
    }
}

export const NOT_SET = "(not set)";

/** A value as a problem shows it: quoted, hidden when secret, or NOT_SET. */
export function shown(text: string | undefined, secret = false): string {
    if (text === undefined) {
        return NOT_SET;
    }
    return secret ? "[secret]" : JSON.stringify(text);
}

/** What a fix needs to know of a key: how it is set, an example, whether it is secret. */
export interface FixableKey {
    readonly kind: "string" | "integer" | "boolean" | "list" | "object";
    readonly example: unknown;
    readonly secret?: boolean;
}

/** Writes the commands that fix a key, for the stack at hand. */
export class FixWriter {
    constructor(private readonly stack: string) {}

    set(key: string, spec: FixableKey): string {
        if (spec.secret) {
            return `pulumi config set --stack ${this.stack} --secret ${key} '${String(spec.example)}'`;
        }
        if (spec.kind === "object") {
            return `set ${key} in Pulumi.${this.stack}.yaml, e.g. ${JSON.stringify(spec.example)}`;
        }
        if (spec.kind === "list") {
            return `pulumi config set --stack ${this.stack} --path '${key}[0]' ${(spec.example as readonly string[])[0]}`;
        }
        return `pulumi config set --stack ${this.stack} ${key} ${String(spec.example)}`;
    }

    /** A fix inside a structured key (`kafkaTopics[1].partitions`), with where to read more. */
    path(path: string, help: string): string {
        return `set ${path} in Pulumi.${this.stack}.yaml (or: pulumi config set --stack ${this.stack} --path '${path}' <value>); ${help}`;
    }

    rm(key: string): string {
        return `pulumi config rm --stack ${this.stack} ${key}`;
    }
}

/**
 * Runs a project's config loader on the runtime's config. A ConfigError becomes a RunError, which
 * the Pulumi CLI prints without a stack trace: the message is the report.
 */
export function readStackConfig<T>(load: (raw: RawConfig) => T, isSecret: (fullKey: string) => boolean): T {
    try {
        return load(rawConfigFrom({ project: pulumi.getProject(), stack: pulumi.getStack(), all: pulumi.runtime.allConfig(), isSecret }));
    } catch (error) {
        throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
    }
}
