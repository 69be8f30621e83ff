/**
 * Reads the stack configuration once, validates the whole document, merges it over the stack's
 * profile and returns one frozen, typed `PlatformConfig`. Every problem is collected and reported
 * together, each naming the key, the value, what was expected and how to fix it; the program calls
 * this before registering any resource, so a bad stack file creates nothing. What is valid lives
 * with each key (config-keys.ts) and between keys (config-rules.ts); this file only applies them.
 */
import { z } from "zod";
import { readCatalog, type CatalogRules, type TopicEntry } from "../components/kafka/topic-plan";
import { PROFILE_NAMES, PROFILES, type ProfileName, type StackProfile } from "../stacks/profiles";
import { ConfigError, FixWriter, NOT_SET, SecretValue, shown, type ConfigProblem, type RawConfig } from "../stacks/stack-config";
import { CONFIG_KEY_NAMES, CONFIG_KEYS, FROM_PROFILE, keySpec, pulumiDefault, REQUIRED, RETIRED_KEYS, type ConfigKey, type KeySpec } from "./config-keys";
import { CROSS_KEY_RULES, type KeyValues, type RuleProblem } from "./config-rules";
import { closest } from "./text";
import { KAFKA_SERVICES } from "./workloads";

type SchemaValue<K extends ConfigKey> = z.infer<(typeof CONFIG_KEYS)[K]["schema"]>;
type Readonlyish<T> = T extends readonly (infer U)[] ? readonly U[] : T;

/** Keys whose settings are not the schema's value: secrets, and the validated topic catalog. */
type SpecialKey = "profile" | "redisPassword" | "kafkaTopics" | "kafkaAdminPassword" | "kafkaServiceCredentials";

/** Given credentials of one service's Kafka user (external Kafka). */
export interface GivenKafkaCredential {
    readonly username: string;
    readonly password: SecretValue;
    readonly principal?: string;
}

/** The validated settings, one field per config key (except `profile`, which selects `profile`). */
export type Settings = {
    readonly [K in Exclude<ConfigKey, SpecialKey>]: Readonlyish<SchemaValue<K>>;
} & {
    /** The Redis password when the stack sets one (as a Pulumi secret); undefined: generate one. */
    readonly redisPassword: SecretValue | undefined;
    /** The topic catalog, validated against the profile and the services (components/kafka/topic-plan). */
    readonly kafkaTopics: readonly TopicEntry[];
    readonly kafkaAdminPassword: SecretValue | undefined;
    readonly kafkaServiceCredentials: Readonly<Record<string, GivenKafkaCredential>>;
};

export interface PlatformConfig {
    readonly project: string;
    readonly stack: string;
    readonly profile: StackProfile;
    readonly settings: Settings;
    /** Tags for every Azure resource that takes tags. */
    readonly tags: Readonly<Record<string, string>>;
}

/** The unvalidated merged document: typed where the raw text could be read, in Settings' shape. */
type Draft = Record<string, unknown>;

/** Validates `raw` against the key table and the stack's profile. Throws ConfigError listing every problem. */
export function loadConfig(raw: RawConfig): PlatformConfig {
    const fixes = new FixWriter(raw.stack);
    const problems: ConfigProblem[] = unknownKeys(raw, fixes);
    const profile = selectProfile(raw, problems, fixes);
    /** Keys already reported (or unresolvable without a profile): later passes skip them. */
    const reported = new Set<string>();
    const draft = mergeOverProfile(raw, profile, reported, problems, fixes);
    const show = (key: ConfigKey) => shown(raw.values[key] ?? (isEmpty(draft[key]) ? undefined : JSON.stringify(draft[key])), keySpec(key).secret);

    const parsed = documentSchema.safeParse(draft);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
        const key = String(issue.path[0]) as ConfigKey;
        if (!reported.has(key)) {
            reported.add(key);
            const spec = keySpec(key);
            problems.push({ key, value: show(key), expected: issue.code === "custom" ? `${spec.expected} (${issue.message})` : spec.expected, fix: fixes.set(key, spec) });
        }
    }
    for (const key of CONFIG_KEY_NAMES.filter((k) => keySpec(k).secret && !isEmpty(raw.values[k]) && !raw.secretKeys.has(k))) {
        problems.push({
            key,
            value: "(plain text, value hidden)",
            expected: "a Pulumi secret: plain-text secrets end up readable in the stack file and in git",
            fix: `${fixes.set(key, keySpec(key))} (this encrypts it), and rotate the value that was committed in plain text`,
        });
    }
    const catalog = profile ? readCatalog(draft.kafkaTopics ?? [], catalogRules(profile)) : undefined;
    const catalogRead = catalog?.ok ? { entries: catalog.entries, problems: [] } : { entries: [], problems: catalog?.problems ?? [] };
    if (profile) {
        for (const rule of CROSS_KEY_RULES) {
            const values = Object.fromEntries(rule.reads.filter((k) => !reported.has(k) && draft[k] !== undefined).map((k) => [k, draft[k]])) as KeyValues;
            for (const p of rule.check(values, { profile, catalog: catalogRead })) {
                problems.push(ruleProblem(p, show, fixes));
            }
        }
    }

    if (problems.length > 0 || !profile || !parsed.success) {
        throw new ConfigError(raw.stack, inKeyOrder(problems));
    }
    const data = parsed.data as Record<string, unknown>;
    const credentials = (data.kafkaServiceCredentials ?? {}) as Record<string, { username: string; password: string; principal?: string }>;
    const secret = (value: unknown) => (value ? new SecretValue(String(value)) : undefined);
    const settings = {
        ...(data as Omit<Settings, SpecialKey>),
        redisPassword: secret(draft.redisPassword),
        kafkaTopics: catalogRead.entries,
        kafkaAdminPassword: secret(draft.kafkaAdminPassword),
        kafkaServiceCredentials: Object.fromEntries(
            Object.entries(credentials).map(([service, c]) => [service, { username: c.username, password: new SecretValue(c.password), ...(c.principal ? { principal: c.principal } : {}) }]),
        ),
    } as Settings;
    return deepFreeze({
        project: raw.project,
        stack: raw.stack,
        profile,
        settings,
        tags: { project: raw.project, environment: raw.stack, owner: settings.owner, "managed-by": "pulumi" },
    });
}

/** The catalog rules of a profile. */
export function catalogRules(profile: StackProfile): CatalogRules {
    const { kafka } = profile.traits;
    return { services: KAFKA_SERVICES, replicationFactor: kafka.replicationFactor, minInSyncReplicas: kafka.minInSyncReplicas, minRetentionHours: kafka.minRetentionHours };
}

/** The schema of the merged document: one field per key, strict about anything else. */
const documentSchema = z
    .object(
        Object.fromEntries(
            CONFIG_KEY_NAMES.filter((k) => k !== "profile").map((k) => {
                const schema = keySpec(k).schema;
                return [k, k === "redisPassword" || k === "kafkaAdminPassword" ? schema.optional() : schema];
            }),
        ),
    )
    .strict();

function unknownKeys(raw: RawConfig, fixes: FixWriter): ConfigProblem[] {
    return Object.keys(raw.values)
        .filter((key) => !(key in CONFIG_KEYS))
        .map((key) => {
            if (key in RETIRED_KEYS) {
                return { key, value: shown(raw.values[key], raw.secretKeys.has(key)), expected: `no value (${RETIRED_KEYS[key]})`, fix: fixes.rm(key) };
            }
            const meant = closest(key, CONFIG_KEY_NAMES);
            return {
                key,
                value: shown(raw.values[key], raw.secretKeys.has(key)),
                expected: meant ? `a key this project declares (did you mean ${meant}?)` : "a key this project declares (Pulumi.yaml lists them)",
                fix: meant ? `rename it to ${meant} in Pulumi.${raw.stack}.yaml` : fixes.rm(key),
            };
        });
}

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

/**
 * Each key's value: the stack's (read as the key's kind), else Pulumi.yaml's default, else the
 * profile's. Unreadable values and keys a profile requires are reported here.
 */
function mergeOverProfile(raw: RawConfig, profile: StackProfile | undefined, reported: Set<string>, problems: ConfigProblem[], fixes: FixWriter): Draft {
    const draft: Draft = {};
    for (const key of CONFIG_KEY_NAMES.filter((k) => k !== "profile")) {
        const spec = keySpec(key);
        const given = raw.values[key];
        const read = given === undefined ? { ok: true as const, value: undefined } : readValue(spec, given);
        if (!read.ok) {
            problems.push({ key, value: shown(given, spec.secret), expected: spec.expected, fix: fixes.set(key, spec) });
            reported.add(key);
            continue;
        }
        if (profile && spec.target !== undefined && spec.target !== profile.traits.target.kind) {
            // Not this stack's kind of key: refused when the stack sets it, else a stand-in nothing reads.
            if (given !== undefined && !isDeclaredDefault(spec, given)) {
                reported.add(key);
                problems.push({
                    key,
                    value: shown(given, spec.secret),
                    expected: `no value: ${key} is for ${spec.target} stacks, and the ${profile.name} profile runs on ${profile.traits.target.kind === "local" ? "a local cluster" : "Azure"}`,
                    fix: fixes.rm(key),
                });
            }
            draft[key] = standInValue(spec);
            continue;
        }
        const value = read.value ?? pulumiDefault(spec);
        const fromProfile = profile ? spec.profiles?.[profile.name] : undefined;
        if (!isUnset(value)) {
            draft[key] = value;
        } else if (!profile) {
            reported.add(key);
        } else if (fromProfile === REQUIRED) {
            reported.add(key);
            problems.push({ key, value: NOT_SET, expected: `a value: the ${profile.name} profile requires it (${spec.expected})`, fix: fixes.set(key, spec) });
        } else if (fromProfile !== undefined) {
            draft[key] = fromProfile;
        } else {
            draft[key] = Array.isArray(value) ? value : undefined;
        }
    }
    return draft;
}

/** What the Pulumi CLI hands over for a key the stack did not set: Pulumi.yaml's default, as text. */
function isDeclaredDefault(spec: KeySpec, given: string): boolean {
    const declared = pulumiDefault(spec);
    return given === (typeof declared === "string" ? declared : JSON.stringify(declared)) || isEmpty(given);
}

/** A valid value for a key that does not apply to the stack (never read): a profile's value, else the key's default. */
function standInValue(spec: KeySpec): unknown {
    const fromProfiles = Object.values(spec.profiles ?? {}).find((v) => v !== REQUIRED);
    return fromProfiles ?? spec.default ?? (spec.kind === "list" ? [] : spec.kind === "string" ? "" : undefined);
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
        return spec.kind === "object" || Array.isArray(value) ? { ok: true, value } : { ok: false };
    } catch {
        return { ok: false };
    }
}

/** A cross-key rule's problem as the report shows it. */
function ruleProblem(p: RuleProblem, show: (key: ConfigKey) => string, fixes: FixWriter): ConfigProblem {
    const key = p.key as ConfigKey;
    return {
        key: p.key,
        value: p.value ?? show(key),
        expected: p.expected,
        fix: p.fixPath ? fixes.path(p.fixPath, 'README "Kafka" shows a catalog entry') : fixes.set(key, keySpec(key)),
    };
}

/** A value that asks for the profile's: the marker, or an empty list. */
function isUnset(value: unknown): boolean {
    return value === FROM_PROFILE || (Array.isArray(value) && value.length === 0);
}

/** Nothing given: absent, empty text, an empty list or map (as text or value). */
function isEmpty(value: unknown): boolean {
    return value === undefined || value === "" || value === "[]" || value === "{}" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}

/** Problems in the order Pulumi.yaml declares the keys, unknown keys last. */
function inKeyOrder(problems: ConfigProblem[]): ConfigProblem[] {
    const rank = (path: string) => {
        const index = CONFIG_KEY_NAMES.indexOf(path.split(/[.[]/)[0] as ConfigKey);
        return index < 0 ? CONFIG_KEY_NAMES.length : index;
    };
    return [...problems].sort((a, b) => rank(a.key) - rank(b.key));
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
