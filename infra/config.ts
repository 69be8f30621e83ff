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
import { readCatalog, topicName, type CatalogRules, type TopicEntry } from "../components/kafka/topic-plan";
import { kafkaNeeds } from "./workloads";
import { APP_SERVICE_NAMES, CONFIG_KEY_NAMES, CONFIG_KEYS, FLINK_JOB_NAMES, FROM_PROFILE, keySpec, type ConfigKey, type KeySpec } from "./config-keys";

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
    const catalog = catalogOf(draft, profile);
    if (profile && !reported.has("kafkaTopics")) {
        problems.push(...kafkaProblems(draft, profile, catalog, reported, raw, fixes));
    }

    if (problems.length > 0 || !profile || !parsed.success) {
        throw new ConfigError(raw.stack, inKeyOrder(problems));
    }
    const data = parsed.data as Record<string, unknown>;
    const credentials = (data.kafkaServiceCredentials ?? {}) as Record<string, { username: string; password: string; principal?: string }>;
    const settings = {
        ...(data as Omit<Settings, SpecialKey>),
        redisPassword: draft.redisPassword ? new SecretValue(String(draft.redisPassword)) : undefined,
        kafkaTopics: catalog.entries,
        kafkaAdminPassword: draft.kafkaAdminPassword ? new SecretValue(String(draft.kafkaAdminPassword)) : undefined,
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
        return spec.kind === "object" || Array.isArray(value) ? { ok: true, value } : { ok: false };
    } catch {
        return { ok: false };
    }
}

/** Every service that may use Kafka: the application services and the Flink jobs. */
const KAFKA_SERVICES: readonly string[] = [...APP_SERVICE_NAMES, ...FLINK_JOB_NAMES];

/** The catalog rules of a profile. */
export function catalogRules(profile: StackProfile): CatalogRules {
    const { kafka } = profile.traits;
    return { services: KAFKA_SERVICES, replicationFactor: kafka.replicationFactor, minInSyncReplicas: kafka.minInSyncReplicas, minRetentionHours: kafka.minRetentionHours };
}

/** The draft's catalog, read against the profile (no profile: nothing to check against). */
function catalogOf(draft: Draft, profile: StackProfile | undefined) {
    const read = profile ? readCatalog(draft.kafkaTopics ?? [], catalogRules(profile)) : { ok: true as const, entries: [] };
    return read.ok ? { entries: read.entries, problems: [] } : { entries: [], problems: read.problems };
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
        if (spec.secret && !isEmptyText(raw.values[key]) && !raw.secretKeys.has(key)) {
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

/** Kafka: the catalog's entries, what the deployed services need of it, and the settings of the chosen mode. */
function kafkaProblems(
    draft: Draft,
    profile: StackProfile,
    catalog: ReturnType<typeof catalogOf>,
    reported: ReadonlySet<string>,
    raw: RawConfig,
    fixes: FixWriter,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const p of catalog.problems) {
        problems.push({ key: `kafkaTopics${p.path}`, value: p.value, expected: p.expected, fix: fixes.path(`kafkaTopics${p.path}`) });
    }
    const topics = new Map(catalog.entries.map((e) => [topicName(e), e]));
    const deployed = [...((draft.appServices ?? []) as string[]), ...((draft.flinkJobs ?? []) as string[])];
    const needs = kafkaNeeds();
    if (catalog.problems.length === 0) {
        for (const service of deployed) {
            for (const topic of needs[service]?.produces ?? []) {
                if (!topics.get(topic)?.producers.includes(service)) {
                    problems.push({
                        key: "kafkaTopics",
                        value: topics.has(topic) ? JSON.stringify(topic) : `(no entry for ${topic})`,
                        expected: `an entry for ${topic} that lists ${service} among its producers (the ${service} service writes it)`,
                        fix: fixes.path(`kafkaTopics[${topics.has(topic) ? [...topics.keys()].indexOf(topic) : topics.size}]`),
                    });
                }
            }
            for (const { topic, group } of needs[service]?.consumes ?? []) {
                if (!topics.get(topic)?.consumers.some((c) => c.group === group && c.service === service)) {
                    problems.push({
                        key: "kafkaTopics",
                        value: topics.has(topic) ? JSON.stringify(topic) : `(no entry for ${topic})`,
                        expected: `an entry for ${topic} with the consumer {group: ${group}, service: ${service}} (the ${service} service reads it as ${group})`,
                        fix: fixes.path(`kafkaTopics[${topics.has(topic) ? [...topics.keys()].indexOf(topic) : topics.size}].consumers`),
                    });
                }
            }
        }
    }

    const external = draft.kafkaMode === "external";
    const externalKeys = ["kafkaBootstrapServers", "kafkaAdminUsername", "kafkaAdminPassword", "kafkaCaCertificate", "kafkaServiceCredentials"] as const;
    const given = (key: ConfigKey) => !reported.has(key) && !isEmptyText(raw.values[key]) && !isEmptyValue(draft[key]);
    const problem = (key: ConfigKey, expected: string) =>
        problems.push({ key, value: raw.values[key] === undefined ? NOT_SET : show(raw.values[key], keySpec(key).secret), expected, fix: fixes.set(key, keySpec(key)) });
    if (!reported.has("kafkaMode") && external) {
        for (const key of ["kafkaBootstrapServers", "kafkaAdminUsername", "kafkaAdminPassword"] as const) {
            if (!given(key)) problem(key, `a value when kafkaMode is external (${keySpec(key).expected})`);
        }
        if (draft.kafkaSaslMechanism === "plain" && catalog.problems.length === 0) {
            const credentials = (draft.kafkaServiceCredentials ?? {}) as Record<string, unknown>;
            const users = [...new Set(catalog.entries.flatMap((e) => [...e.producers, ...e.consumers.map((c) => c.service)]))].sort();
            const missing = users.filter((u) => !(u in credentials));
            if (missing.length > 0) {
                problem("kafkaServiceCredentials", `credentials for ${missing.join(", ")}: with plain, Pulumi cannot create Kafka users (e.g. Confluent Cloud API keys)`);
            }
        }
    } else if (!reported.has("kafkaMode")) {
        for (const key of externalKeys) {
            if (given(key)) problem(key, "nothing when kafkaMode is strimzi (it would be ignored); remove it or set kafkaMode to external");
        }
        const ranges = ((draft.kafkaAdminSourceRanges as string[] | undefined)?.length ? draft.kafkaAdminSourceRanges : draft.apiServerAuthorizedRanges) as string[] | undefined;
        if (profile.traits.kafka.adminListener === "public" && !(ranges?.length)) {
            problem(
                "kafkaAdminSourceRanges",
                `the ranges of the deploying runner: the ${profile.name} profile puts the Kafka admin listener on a public load balancer, and neither this key nor apiServerAuthorizedRanges limits it`,
            );
        }
    }
    return problems;
}

function isEmptyText(text: string | undefined): boolean {
    return text === undefined || text === "" || text === "[]" || text === "{}";
}

function isEmptyValue(value: unknown): boolean {
    return value === undefined || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}

/** Problems in the order Pulumi.yaml declares the keys, unknown keys last. */
function inKeyOrder(problems: ConfigProblem[]): ConfigProblem[] {
    const rank = (path: string) => {
        const key = path.split(/[.[]/)[0];
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
        if (spec.kind === "object") {
            return `set ${key} in Pulumi.${this.stack}.yaml, e.g. ${JSON.stringify(spec.example)}${spec.secret ? ` (with pulumi config set --stack ${this.stack} --secret --path '${key}.<name>.password' ...)` : ""}`;
        }
        if (spec.kind === "list") {
            const first = (spec.example as readonly string[])[0];
            return `pulumi config set --stack ${this.stack} --path '${key}[0]' ${first}`;
        }
        return `pulumi config set --stack ${this.stack} ${key} ${spec.example}`;
    }

    /** A fix inside a structured key (`kafkaTopics[1].partitions`). */
    path(path: string): string {
        return `set ${path} in Pulumi.${this.stack}.yaml (or: pulumi config set --stack ${this.stack} --path '${path}' <value>); README "Kafka" shows a catalog entry`;
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
