import { SECRET_NAME_PATTERN } from "../../lib/rule";
import { list, record, where, workloadRule } from "../../lib/kubernetes";

export interface NoLiteralSecretsConfig {
    /** Case-insensitive regular expression of variable names that hold secrets. */
    secretNamePattern: string;
}

/** A secret written into a manifest's env is readable by anyone who can read the Deployment, and sits in the state in plain text. */
export const noLiteralSecretsInEnv = workloadRule<NoLiteralSecretsConfig>(
    {
        name: "no-literal-secrets-in-env",
        description: "Environment variables whose names say they hold a secret take their value from a Secret, never a literal.",
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
                return env && typeof env.name === "string" && pattern.test(env.name) && typeof env.value === "string" && env.value !== ""
                    ? [{ field: where(c, `env[${i}].value (${env.name})`), actual: "a literal value (not shown)", expected: "valueFrom.secretKeyRef or envFrom a Secret", fix: `move ${env.name} into a Secret and reference it` }]
                    : [];
            }),
        );
    },
);
