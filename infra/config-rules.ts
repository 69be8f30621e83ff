/**
 * The rules between config keys, declared next to the keys (infra/config-keys.ts): each names the
 * keys it reads and finds the problems in their values. The loader hands a rule only the keys it
 * declared, and only those that are valid on their own, so a rule never reports a key that is wrong
 * for another reason and cannot read a key it did not declare.
 */
import type { z } from "zod";
import { MAX_SURGE_PERCENT, nodeAddressesNeeded, statefulPoolZones } from "../components/azure/aks-cluster";
import { parseCidr, type Cidr } from "../components/azure/cidr";
import { AZURE_RESERVED_ADDRESSES, networkProblems, type NetworkRanges } from "../components/azure/network";
import { topicName, type CatalogProblem, type TopicEntry } from "../components/kafka/topic-plan";
import type { StackProfile } from "../stacks/profiles";
import { CONFIG_KEY_NAMES, CONFIG_KEYS, keySpec, type ConfigKey } from "./config-keys";
import { kafkaNeeds } from "./workloads";

/** The keys' values, typed by their schemas; a rule sees only the keys it reads that are valid. */
export type KeyValues = { readonly [K in ConfigKey]?: z.infer<(typeof CONFIG_KEYS)[K]["schema"]> };

/** What a rule knows besides the values: the stack's profile and its validated topic catalog. */
export interface RuleContext {
    readonly profile: StackProfile;
    readonly catalog: { readonly entries: readonly TopicEntry[]; readonly problems: readonly CatalogProblem[] };
}

/** One problem a rule finds: on a key, or on a path inside a structured key (`kafkaTopics[1].partitions`). */
export interface RuleProblem {
    readonly key: string;
    /** Completes "expected ...". */
    readonly expected: string;
    /** The value to show. @default - the key's value as given (hidden when secret), or "(not set)" */
    readonly value?: string;
    /** The structured path to fix. @default - `pulumi config set` of the key */
    readonly fixPath?: string;
}

export interface CrossKeyRule {
    /** What the rule protects, in a few words. */
    readonly name: string;
    readonly reads: readonly ConfigKey[];
    /** Runs only when the stack has a profile; `values` holds the valid ones of `reads`. */
    readonly check: (values: KeyValues, context: RuleContext) => RuleProblem[];
}

const NETWORK_KEYS = ["vnetCidr", "nodeSubnetCidr", "privateEndpointSubnetCidr", "podCidr", "serviceCidr"] as const satisfies readonly (keyof NetworkRanges & ConfigKey)[];
const EXTERNAL_KAFKA_KEYS = ["kafkaBootstrapServers", "kafkaAdminUsername", "kafkaAdminPassword", "kafkaCaCertificate", "kafkaServiceCredentials"] as const;
const EXTERNAL_KAFKA_REQUIRED = ["kafkaBootstrapServers", "kafkaAdminUsername", "kafkaAdminPassword"] as const;

function isEmptyValue(value: unknown): boolean {
    return value === undefined || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}

/** The parsed CIDR of a valid range key. */
function rangeOf(text: string | undefined): Cidr | undefined {
    const parsed = text === undefined ? undefined : parseCidr(text);
    return parsed?.ok ? parsed.cidr : undefined;
}

/** "at least <key>" bounds, from the keys that declare them (config-keys.ts `atLeast`). */
const lowerBounds: CrossKeyRule[] = CONFIG_KEY_NAMES.flatMap((key) => {
    const bound = keySpec(key).atLeast;
    if (!bound) {
        return [];
    }
    const floor = bound.key as ConfigKey;
    return [
        {
            name: `${key} at least ${floor}`,
            reads: [key, floor],
            check: (values: KeyValues) => {
                const [value, minimum] = [values[key], values[floor]] as [number | undefined, number | undefined];
                return value !== undefined && minimum !== undefined && value < minimum
                    ? [{ key, expected: `at least ${floor} (${minimum})${bound.why ? `: ${bound.why}` : ""}` }]
                    : [];
            },
        },
    ];
});

export const CROSS_KEY_RULES: readonly CrossKeyRule[] = [
    {
        name: "subnets inside the VNet and apart, overlay ranges outside it and apart",
        reads: NETWORK_KEYS,
        check: (values) => {
            const ranges = Object.fromEntries(NETWORK_KEYS.map((key) => [key, rangeOf(values[key])]).filter(([, range]) => range !== undefined));
            return networkProblems(ranges);
        },
    },
    {
        name: "a node subnet with room for every pool at its maximum plus upgrade surge, and a pool's successor",
        reads: ["nodeSubnetCidr", "systemNodeMaxCount", "userNodeMaxCount"],
        check: ({ nodeSubnetCidr, systemNodeMaxCount, userNodeMaxCount }, { profile }) => {
            const subnet = rangeOf(nodeSubnetCidr);
            if (!subnet || systemNodeMaxCount === undefined || userNodeMaxCount === undefined) {
                return [];
            }
            const { target, availabilityZones } = profile.traits;
            const statefulPool = target.kind === "azure" ? target.statefulPool : undefined;
            const statefulPools = statefulPool ? statefulPoolZones(availabilityZones).map(() => ({ maxCount: statefulPool.maxCount })) : [];
            const needed = nodeAddressesNeeded([{ maxCount: systemNodeMaxCount }, { maxCount: userNodeMaxCount }, ...statefulPools]);
            const available = subnet.size - AZURE_RESERVED_ADDRESSES;
            return needed > available
                ? [
                      {
                          key: "nodeSubnetCidr",
                          expected: `a subnet with room for ${needed} nodes (every pool at its maximum plus ${MAX_SURGE_PERCENT}% upgrade surge${statefulPools.length > 0 ? `, the ${statefulPools.length} stateful pools included` : ""}, and a pool's successor at its maximum while a new VM size replaces it); ${subnet.text} has ${available} usable addresses`,
                      },
                  ]
                : [];
        },
    },
    ...lowerBounds,
    {
        name: "a runner network wherever the deployment dials private endpoints",
        reads: ["apiServerAccess", "runnerVnetIds"],
        check: ({ apiServerAccess: access, runnerVnetIds: runners }, { profile }) => {
            const dialsPrivate = [...(access === "private" ? ["the private API server"] : []), ...(profile.traits.target.kind === "azure" && profile.traits.target.privateEndpoints ? ["the registry's private endpoint"] : [])];
            if (runners === undefined || runners.length > 0 || dialsPrivate.length === 0) {
                return [];
            }
            return [
                {
                    key: "runnerVnetIds",
                    expected: `the virtual network of the runner that deploys this stack: it must reach ${dialsPrivate.join(" and ")}, which resolve and answer only in networks peered and linked by this key (the platform VNet does not exist before the first deploy)`,
                },
            ];
        },
    },
    {
        name: "authorized ranges exactly when the API server takes them, and never the whole internet",
        reads: ["apiServerAccess", "apiServerAuthorizedRanges"],
        check: ({ apiServerAccess: access, apiServerAuthorizedRanges: ranges }) => {
            if (access === undefined || ranges === undefined) {
                return [];
            }
            const problems: RuleProblem[] = [];
            if (access === "authorized-ranges" && ranges.length === 0) {
                problems.push({ key: "apiServerAuthorizedRanges", expected: "at least one CIDR when apiServerAccess is authorized-ranges" });
            } else if (access !== "authorized-ranges" && ranges.length > 0) {
                problems.push({ key: "apiServerAuthorizedRanges", expected: `no ranges when apiServerAccess is ${access} (they would be ignored)` });
            }
            if (ranges.some((range) => rangeOf(range)?.prefix === 0)) {
                problems.push({ key: "apiServerAuthorizedRanges", expected: "specific ranges, not 0.0.0.0/0 (that admits the whole internet)" });
            }
            return problems;
        },
    },
    {
        name: "a valid topic catalog that grants what each deployed service does with Kafka",
        reads: ["kafkaTopics", "appServices", "flinkJobs"],
        check: ({ kafkaTopics, appServices = [], flinkJobs = [] }, { catalog }) => {
            if (kafkaTopics === undefined) {
                return [];
            }
            if (catalog.problems.length > 0) {
                return catalog.problems.map((p) => ({ key: `kafkaTopics${p.path}`, value: p.value, expected: p.expected, fixPath: `kafkaTopics${p.path}` }));
            }
            const topics = new Map(catalog.entries.map((e) => [topicName(e), e]));
            const entry = (topic: string) => ({
                value: topics.has(topic) ? JSON.stringify(topic) : `(no entry for ${topic})`,
                at: `kafkaTopics[${topics.has(topic) ? [...topics.keys()].indexOf(topic) : topics.size}]`,
            });
            const needs = kafkaNeeds();
            return [...appServices, ...flinkJobs].flatMap((service) => [
                ...(needs[service]?.produces ?? [])
                    .filter((topic) => !topics.get(topic)?.producers.includes(service))
                    .map((topic) => ({
                        key: "kafkaTopics",
                        value: entry(topic).value,
                        expected: `an entry for ${topic} that lists ${service} among its producers (the ${service} service writes it)`,
                        fixPath: entry(topic).at,
                    })),
                ...(needs[service]?.consumes ?? [])
                    .filter(({ topic, group }) => !topics.get(topic)?.consumers.some((c) => c.group === group && c.service === service))
                    .map(({ topic, group }) => ({
                        key: "kafkaTopics",
                        value: entry(topic).value,
                        expected: `an entry for ${topic} with the consumer {group: ${group}, service: ${service}} (the ${service} service reads it as ${group})`,
                        fixPath: `${entry(topic).at}.consumers`,
                    })),
            ]);
        },
    },
    {
        name: "the settings of the chosen Kafka mode, and none of the other's",
        reads: ["kafkaMode", "kafkaSaslMechanism", ...EXTERNAL_KAFKA_KEYS, "kafkaAdminSourceRanges", "apiServerAuthorizedRanges"],
        check: (values, { profile, catalog }) => {
            const given = (key: ConfigKey) => !isEmptyValue(values[key]);
            if (values.kafkaMode === "external") {
                const problems: RuleProblem[] = EXTERNAL_KAFKA_REQUIRED.filter((key) => !given(key)).map((key) => ({
                    key,
                    expected: `a value when kafkaMode is external (${keySpec(key).expected})`,
                }));
                if (values.kafkaSaslMechanism === "plain" && catalog.problems.length === 0) {
                    const users = [...new Set(catalog.entries.flatMap((e) => [...e.producers, ...e.consumers.map((c) => c.service)]))].sort();
                    const missing = users.filter((user) => !(user in (values.kafkaServiceCredentials ?? {})));
                    if (missing.length > 0) {
                        problems.push({
                            key: "kafkaServiceCredentials",
                            expected: `credentials for ${missing.join(", ")}: with plain, Pulumi cannot create Kafka users (e.g. Confluent Cloud API keys)`,
                        });
                    }
                }
                return problems;
            }
            if (values.kafkaMode !== "strimzi") {
                return [];
            }
            const problems: RuleProblem[] = EXTERNAL_KAFKA_KEYS.filter(given).map((key) => ({
                key,
                expected: "nothing when kafkaMode is strimzi (it would be ignored); remove it or set kafkaMode to external",
            }));
            const ranges = values.kafkaAdminSourceRanges?.length ? values.kafkaAdminSourceRanges : values.apiServerAuthorizedRanges;
            if (profile.traits.target.kind === "azure" && profile.traits.target.kafkaAdminListener === "public" && !ranges?.length) {
                problems.push({
                    key: "kafkaAdminSourceRanges",
                    expected: `the ranges of the deploying runner: the ${profile.name} profile puts the Kafka admin listener on a public load balancer, and neither this key nor apiServerAuthorizedRanges limits it`,
                });
            }
            return problems;
        },
    },
];
