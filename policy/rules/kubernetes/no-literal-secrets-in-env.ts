import { SECRET_NAME_PATTERN } from "../../lib/rule";
import { list, record, where, workloadRule } from "../../lib/kubernetes";

export interface NoLiteralSecretsConfig {
    /** Case-insensitive regular expression of variable names that hold secrets. */
    secretNamePattern: string;
}

/**
 * Values that are secrets whatever the variable is called. Each pattern is narrow enough that an
 * ordinary setting (a host, a topic, a URL without a password, a UUID, a PEM certificate) never matches.
 */
export const SECRET_VALUES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
    { kind: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
    { kind: "a JWT", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
    { kind: "a URL with a password", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i },
    { kind: "a connection string with a password or key", pattern: /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s]+/i },
    { kind: "an Azure SAS token", pattern: /(?:^|[?&])sig=[A-Za-z0-9%+/=]{16,}/ },
    { kind: "an Azure storage account key", pattern: /^[A-Za-z0-9+/]{86}==$/ },
];

/** What kind of secret `value` is, if it looks like one. */
export function secretValueKind(value: string): string | undefined {
    return SECRET_VALUES.find((s) => s.pattern.test(value))?.kind;
}

/** A secret written into a manifest's env is readable by anyone who can read the Deployment, and sits in the state in plain text. */
export const noLiteralSecretsInEnv = workloadRule<NoLiteralSecretsConfig>(
    {
        name: "no-literal-secrets-in-env",
        description: "Environment variables whose names say they hold a secret, or whose literal values are one (private keys, JWTs, passwords in URLs or connection strings, Azure keys and SAS tokens), take their value from a Secret.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Put the value in a Secret (AppService's `secrets`) and reference it with valueFrom.secretKeyRef or envFrom.",
        configSchema: {
            properties: { secretNamePattern: { type: "string", default: SECRET_NAME_PATTERN } },
        },
    },
    (pod, config) => {
        const pattern = new RegExp(config.secretNamePattern, "i");
        return pod.containers.flatMap((c) =>
            list(c.spec.env).flatMap((e, i) => {
                const env = record(e);
                if (!env || typeof env.name !== "string" || typeof env.value !== "string" || env.value === "") return [];
                const kind = secretValueKind(env.value);
                if (!pattern.test(env.name) && !kind) return [];
                return [
                    {
                        field: where(c, `env[${i}].value (${env.name})`),
                        actual: kind ? `a literal value that is ${kind} (not shown)` : "a literal value (not shown)",
                        expected: "valueFrom.secretKeyRef or envFrom a Secret",
                        fix: `move ${env.name} into a Secret and reference it`,
                    },
                ];
            }),
        );
    },
);
