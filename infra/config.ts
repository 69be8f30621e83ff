/**
 * Reads the stack configuration once, validates the whole document, merges it over the stack's
 * profile and returns one frozen, typed `PlatformConfig`. Every problem is collected and reported
 * together, each naming the key, the value, what was expected and how to fix it; the program calls
 * this before registering any resource, so a bad stack file creates nothing.
 */
import { z } from "zod";
import { parseCidr, type Cidr } from "../components/azure/cidr";
import { MAX_SURGE_PERCENT, nodeAddressesNeeded } from "../components/azure/aks-cluster";
import { AZURE_RESERVED_ADDRESSES, networkProblems, type NetworkRanges } from "../components/azure/network";
import { PROFILE_NAMES, PROFILES, type ProfileName, type StackProfile } from "../stacks/profiles";
import { closest } from "./text";
import { CONFIG_KEY_NAMES, CONFIG_KEYS, FROM_PROFILE, keySpec, type ConfigKey, type KeySpec } from "./config-keys";

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

type SchemaValue<K extends ConfigKey> = z.infer<(typeof CONFIG_KEYS)[K]["schema"]>;
type Readonlyish<T> = T extends readonly (infer U)[] ? readonly U[] : T;

/** The validated settings, one field per config key (except `profile`, which selects `profile`). */
export type Settings = {
    readonly [K in Exclude<ConfigKey, "profile" | "redisPassword">]: Readonlyish<SchemaValue<K>>;
} & {
    /** The Redis password when the stack sets one (as a Pulumi secret); undefined: generate one. */
    readonly redisPassword: SecretValue | undefined;
};

export interface PlatformConfig {
    readonly project: string;
    readonly stack: string;
    readonly profile: StackProfile;
    readonly settings: Settings;
    /** Tags for every Azure resource that takes tags. */
    readonly tags: Readonly<Record<string, string>>;
}

/** The configuration as the Pulumi runtime hands it over. */
export interface RawConfig {
    readonly project: string;
    readonly stack: string;
    /** Values of the project's namespace, keys without the `<project>:` prefix; lists as JSON text. */
    readonly values: Readonly<Record<string, string>>;
    /** Keys (without prefix) whose values are Pulumi secrets. */
    readonly secretKeys: ReadonlySet<string>;
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

const NOT_SET = "(not set)";
const NETWORK_KEYS = ["vnetCidr", "nodeSubnetCidr", "privateEndpointSubnetCidr", "podCidr", "serviceCidr"] as const satisfies readonly (keyof NetworkRanges & ConfigKey)[];

/** The unvalidated merged document: typed where the raw text could be read, in Settings' shape. */
type Draft = Record<string, unknown>;

/** Validates `raw` against the key table and the stack's profile. Throws ConfigError listing every problem. */
export function loadConfig(raw: RawConfig): PlatformConfig {
    const problems: ConfigProblem[] = [];
    const fixes = new FixWriter(raw.stack);

    for (const key of Object.keys(raw.values)) {
        if (!(key in CONFIG_KEYS)) {
            const meant = closest(key, CONFIG_KEY_NAMES);
            problems.push({
                key,
                value: show(raw.values[key], raw.secretKeys.has(key)),
                expected: meant ? `a key this project declares (did you mean ${meant}?)` : "a key this project declares (Pulumi.yaml lists them)",
                fix: meant ? `rename it to ${meant} in Pulumi.${raw.stack}.yaml` : fixes.rm(key),
            });
        }
    }

    const profile = selectProfile(raw, problems, fixes);
    const draft: Draft = {};
    /** Keys already reported (or unresolvable without a profile): the schema pass skips them. */
    const reported = new Set<string>();
    for (const key of CONFIG_KEY_NAMES) {
        if (key === "profile") {
            continue;
        }
        const spec = keySpec(key);
        const given = raw.values[key];
        const read = given === undefined ? { ok: true as const, value: undefined } : readValue(spec, given);
        if (!read.ok) {
            problems.push({ key, value: show(given, spec.secret), expected: spec.expected, fix: fixes.set(key, spec) });
            reported.add(key);
            continue;
        }
        const value = read.value ?? spec.default;
        if (!isUnset(value)) {
            draft[key] = value;
        } else if (profile && key in profile.defaults) {
            draft[key] = profile.defaults[key as keyof Settings];
        } else if (!profile) {
            reported.add(key);
        } else if (profile.required.includes(key)) {
            reported.add(key);
            problems.push({
                key,
                value: NOT_SET,
                expected: `a value: the ${profile.name} profile requires it (${spec.expected})`,
                fix: fixes.set(key, spec),
            });
        } else {
            draft[key] = Array.isArray(value) ? value : undefined;
        }
    }

    const parsed = documentSchema.safeParse(draft);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const key = String(issue.path[0]) as ConfigKey;
            if (reported.has(key)) {
                continue;
            }
            reported.add(key);
            const spec = keySpec(key);
            problems.push({
                key,
                value: show(shownText(raw, draft, key), spec.secret),
                expected: issue.code === "custom" ? `${spec.expected} (${issue.message})` : spec.expected,
                fix: fixes.set(key, spec),
            });
        }
    }
    problems.push(...crossCheck(draft, reported, raw, fixes));

    if (problems.length > 0 || !profile || !parsed.success) {
        throw new ConfigError(raw.stack, inKeyOrder(problems));
    }
    const settings = {
        ...(parsed.data as Omit<Settings, "redisPassword">),
        redisPassword: draft.redisPassword ? new SecretValue(String(draft.redisPassword)) : undefined,
    } as Settings;
    return deepFreeze({
        project: raw.project,
        stack: raw.stack,
        profile,
        settings,
        tags: { project: raw.project, environment: raw.stack, owner: settings.owner, "managed-by": "pulumi" },
    });
}

/** The schema of the merged document: one field per key, strict about anything else. */
const documentSchema = z
    .object(
        Object.fromEntries(
            CONFIG_KEY_NAMES.filter((k) => k !== "profile").map((k) => {
                const schema = keySpec(k).schema;
                return [k, k === "redisPassword" ? schema.optional() : schema];
            }),
        ),
    )
    .strict();

function selectProfile(raw: RawConfig, problems: ConfigProblem[], fixes: FixWriter): StackProfile | undefined {
    const named = raw.values.profile ?? "";
    const name = named !== "" ? named : raw.stack;
    if ((PROFILE_NAMES as readonly string[]).includes(name)) {
        return PROFILES[name as ProfileName];
    }
    problems.push({
        key: "profile",
        value: named === "" ? `${NOT_SET} (stack "${raw.stack}" names no profile)` : JSON.stringify(named),
        expected: `one of ${PROFILE_NAMES.join(", ")}`,
        fix: fixes.set("profile", keySpec("profile")),
    });
    return undefined;
}

type Read = { ok: true; value: unknown } | { ok: false };

/** Turns the runtime's text into the key's type; FROM_PROFILE stays as the marker. */
function readValue(spec: KeySpec, text: string): Read {
    if (spec.kind === "string" || text === FROM_PROFILE) {
        return { ok: true, value: text };
    }
    if (spec.kind === "integer") {
        return /^-?\d+$/.test(text.trim()) ? { ok: true, value: Number(text) } : { ok: false };
    }
    if (spec.kind === "boolean") {
        const trimmed = text.trim();
        return trimmed === "true" || trimmed === "false" ? { ok: true, value: trimmed === "true" } : { ok: false };
    }
    try {
        const value: unknown = JSON.parse(text);
        return Array.isArray(value) ? { ok: true, value } : { ok: false };
    } catch {
        return { ok: false };
    }
}

/** A value that asks for the profile's: the marker, or an empty list. */
function isUnset(value: unknown): boolean {
    return value === FROM_PROFILE || (Array.isArray(value) && value.length === 0);
}

function crossCheck(draft: Draft, reported: ReadonlySet<string>, raw: RawConfig, fixes: FixWriter): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const usable = (key: ConfigKey) => !reported.has(key) && draft[key] !== undefined;
    const range = (key: ConfigKey): Cidr | undefined => {
        const parsed = usable(key) ? parseCidr(String(draft[key])) : undefined;
        return parsed?.ok ? parsed.cidr : undefined;
    };
    const problem = (key: ConfigKey, expected: string) =>
        problems.push({ key, value: show(shownText(raw, draft, key)), expected, fix: fixes.set(key, keySpec(key)) });

    const ranges: Partial<Record<(typeof NETWORK_KEYS)[number], Cidr>> = Object.fromEntries(
        NETWORK_KEYS.map((key) => [key, range(key)]).filter(([, cidr]) => cidr !== undefined),
    );
    for (const { key, expected } of networkProblems(ranges)) {
        problem(key, expected);
    }

    const nodeSubnet = ranges.nodeSubnetCidr;
    const poolMaxima = (["systemNodeMaxCount", "userNodeMaxCount"] as const).filter(usable).map((key) => ({ maxCount: Number(draft[key]) }));
    if (nodeSubnet && poolMaxima.length === 2 && !reported.has("nodeSubnetCidr")) {
        const needed = nodeAddressesNeeded(poolMaxima);
        const available = nodeSubnet.size - AZURE_RESERVED_ADDRESSES;
        if (needed > available) {
            problem(
                "nodeSubnetCidr",
                `a subnet with room for ${needed} nodes (both pools at their maximum plus ${MAX_SURGE_PERCENT}% upgrade surge); ${nodeSubnet.text} has ${available} usable addresses`,
            );
        }
    }

    for (const pool of ["system", "user"] as const) {
        const [min, max] = [`${pool}NodeMinCount`, `${pool}NodeMaxCount`] as const;
        if (usable(min) && usable(max) && Number(draft[min]) > Number(draft[max])) {
            problem(max, `at least ${min} (${draft[min]})`);
        }
    }

    if (usable("lakeBronzeExpiryDays") && usable("lakeSilverExpiryDays") && Number(draft.lakeSilverExpiryDays) < Number(draft.lakeBronzeExpiryDays)) {
        problem("lakeSilverExpiryDays", `at least lakeBronzeExpiryDays (${draft.lakeBronzeExpiryDays}): refined data must outlive its raw input`);
    }

    const authorized = (draft.apiServerAuthorizedRanges ?? []) as string[];
    if (usable("apiServerAccess") && !reported.has("apiServerAuthorizedRanges")) {
        if (draft.apiServerAccess === "authorized-ranges" && authorized.length === 0) {
            problem("apiServerAuthorizedRanges", "at least one CIDR when apiServerAccess is authorized-ranges");
        } else if (draft.apiServerAccess !== "authorized-ranges" && authorized.length > 0) {
            problem("apiServerAuthorizedRanges", `no ranges when apiServerAccess is ${draft.apiServerAccess} (they would be ignored)`);
        }
        const admitsEveryone = authorized.some((r) => {
            const parsed = parseCidr(r);
            return parsed.ok && parsed.cidr.prefix === 0;
        });
        if (admitsEveryone) {
            problem("apiServerAuthorizedRanges", "specific ranges, not 0.0.0.0/0 (that admits the whole internet)");
        }
    }

    for (const key of CONFIG_KEY_NAMES) {
        const spec = keySpec(key);
        if (spec.secret && raw.values[key] && !raw.secretKeys.has(key)) {
            problems.push({
                key,
                value: "(plain text, value hidden)",
                expected: "a Pulumi secret: plain-text secrets end up readable in the stack file and in git",
                fix: `${fixes.set(key, spec)} (this encrypts it), and rotate the value that was committed in plain text`,
            });
        }
    }
    return problems;
}

/** Problems in the order Pulumi.yaml declares the keys, unknown keys last. */
function inKeyOrder(problems: ConfigProblem[]): ConfigProblem[] {
    const rank = (key: string) => {
        const index = CONFIG_KEY_NAMES.indexOf(key as ConfigKey);
        return index < 0 ? CONFIG_KEY_NAMES.length : index;
    };
    return [...problems].sort((a, b) => rank(a.key) - rank(b.key));
}

/** Writes the commands that fix a key, for the stack at hand. */
class FixWriter {
    constructor(private readonly stack: string) {}

    set(key: ConfigKey, spec: KeySpec): string {
        if (spec.secret) {
            return `pulumi config set --stack ${this.stack} --secret ${key} '${spec.example}'`;
        }
        if (spec.kind === "list") {
            const first = (spec.example as readonly string[])[0];
            return `pulumi config set --stack ${this.stack} --path '${key}[0]' ${first}`;
        }
        return `pulumi config set --stack ${this.stack} ${key} ${spec.example}`;
    }

    rm(key: string): string {
        return `pulumi config rm --stack ${this.stack} ${key}`;
    }
}

/** The text a problem shows for a key: as the stack gave it, else the merged value. */
function shownText(raw: RawConfig, draft: Draft, key: string): string | undefined {
    return raw.values[key] ?? JSON.stringify(draft[key]);
}

function show(text: string | undefined, secret = false): string {
    if (text === undefined) {
        return NOT_SET;
    }
    return secret ? "[secret]" : JSON.stringify(text);
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !(value instanceof SecretValue) && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) {
            deepFreeze(inner);
        }
    }
    return value;
}

/** Where the program reads its config at run time (Pulumi CLI, or the offline plan's mock runtime). */
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
