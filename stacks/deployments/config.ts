/**
 * The deployments project's configuration: read once, every problem reported together with the
 * key, the value, what was expected and the command that fixes it (ConfigError, shared with the platform).
 */
import { ConfigError, FixWriter, NOT_SET, type ConfigProblem, type RawConfig } from "../stack-config";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface KeyRule {
    readonly expected: string;
    readonly example: string;
    readonly valid: (value: string) => boolean;
    readonly default?: string;
}

const KEYS = {
    organization: { expected: "a Pulumi Cloud organization name", example: "acme", valid: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(v) },
    repository: { expected: "a GitHub repository owner/name", example: "acme/streaming-platform", valid: (v) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v) },
    branch: { expected: "a branch name", example: "main", valid: (v) => /^[A-Za-z0-9._/-]+$/.test(v) && !v.startsWith("refs/"), default: "main" },
    azureTenantId: { expected: "an Entra ID tenant id (GUID)", example: "00000000-0000-0000-0000-000000000000", valid: (v) => GUID.test(v) },
    devAzureClientId: { expected: "the client id (GUID) of dev's federated deployment identity", example: "00000000-0000-0000-0000-000000000000", valid: (v) => GUID.test(v) },
    devAzureSubscriptionId: { expected: "an Azure subscription id (GUID)", example: "00000000-0000-0000-0000-000000000000", valid: (v) => GUID.test(v) },
    devAgentPoolId: {
        expected: "the id of a self-hosted agent pool whose egress address lies in dev's apiServerAuthorizedRanges and kafkaAdminSourceRanges (hosted runners' addresses are not fixed, so dev's API server and Kafka admin listener refuse them)",
        example: "<agent pool id>",
        valid: (v) => v.trim() !== "",
    },
    prodAzureClientId: { expected: "the client id (GUID) of prod's federated deployment identity", example: "00000000-0000-0000-0000-000000000000", valid: (v) => GUID.test(v) },
    prodAzureSubscriptionId: { expected: "an Azure subscription id (GUID)", example: "00000000-0000-0000-0000-000000000000", valid: (v) => GUID.test(v) },
    imageBuilder: {
        expected:
            'what the stack that builds images (dev) builds with: "cloud:<organization>/<builder>" (a Docker Build Cloud builder; set DOCKER_USERNAME and the secret DOCKER_PAT on dev\'s deployment settings) or "remote:tcp://<host>:<port>" (a BuildKit daemon dev\'s runner reaches); the deployment executor image has no Docker daemon to build with',
        example: "cloud:acme/platform",
        valid: (v) => /^cloud:[a-z0-9][a-z0-9_-]*\/[a-z0-9][a-z0-9_.-]*$/.test(v) || /^remote:tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}$/.test(v),
    },
    prodAgentPoolId: { expected: "the id of a self-hosted agent pool inside the platform VNet (prod's endpoints are private)", example: "<agent pool id>", valid: (v) => v.trim() !== "" },
} as const satisfies Record<string, KeyRule>;

export type DeploymentsKey = keyof typeof KEYS;
export type DeploymentsConfig = { readonly [K in DeploymentsKey]: string };

/** Validates the project's config; throws ConfigError listing every problem. */
export function loadDeploymentsConfig(raw: RawConfig): DeploymentsConfig {
    const problems: ConfigProblem[] = [];
    const fixes = new FixWriter(raw.stack);
    const fix = (key: string, example: string) => fixes.set(key, { kind: "string", example });
    for (const key of Object.keys(raw.values)) {
        if (!(key in KEYS)) {
            problems.push({ key, value: JSON.stringify(raw.values[key]), expected: `a key this project declares (${Object.keys(KEYS).join(", ")})`, fix: fixes.rm(key) });
        }
    }
    const values: Record<string, string> = {};
    for (const [key, rule] of Object.entries(KEYS) as [DeploymentsKey, KeyRule][]) {
        const value = raw.values[key] ?? rule.default;
        if (value === undefined || value === "") {
            problems.push({ key, value: NOT_SET, expected: rule.expected, fix: fix(key, rule.example) });
        } else if (!rule.valid(value)) {
            problems.push({ key, value: JSON.stringify(value), expected: rule.expected, fix: fix(key, rule.example) });
        } else {
            values[key] = value;
        }
    }
    if (problems.length > 0) {
        throw new ConfigError(raw.stack, problems);
    }
    return values as DeploymentsConfig;
}
