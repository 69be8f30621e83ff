/**
 * Settings from environment variables (the Deployment's ConfigMap and Secret), all problems at once.
 */
export interface WorkerSettings {
    readonly port: number;
    readonly brokers: string[];
    readonly clientId: string;
    /** TLS; with the PEM of the brokers' CA when it is not a public one (KAFKA_CA_CERT). */
    readonly ssl: boolean | { readonly ca: string[] };
    readonly sasl?: { readonly mechanism: "scram-sha-512" | "scram-sha-256" | "plain"; readonly username: string; readonly password: string };
    readonly groupId: string;
    readonly inputTopic: string;
    /** Where messages that fail processing go, with the reason in headers. */
    readonly deadLetterTopic: string;
}

const SASL_MECHANISMS = ["scram-sha-512", "scram-sha-256", "plain"] as const;

export function loadSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
    const problems: string[] = [];
    const required = (name: string, fallback?: string): string => {
        const value = env[name] || fallback;
        if (!value) {
            problems.push(`${name} is not set`);
        }
        return value ?? "";
    };
    const port = Number(env.PORT ?? "7000");
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push(`PORT=${JSON.stringify(env.PORT)} is not a port number`);
    }
    const mechanism = env.KAFKA_SASL_MECHANISM ?? "";
    if (mechanism !== "" && !(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
        problems.push(`KAFKA_SASL_MECHANISM=${JSON.stringify(mechanism)} is not one of ${SASL_MECHANISMS.join(", ")}`);
    }
    const sasl =
        mechanism === ""
            ? undefined
            : { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username: required("KAFKA_USERNAME"), password: required("KAFKA_PASSWORD") };
    const tls = env.KAFKA_TLS ?? (sasl ? "true" : "false");
    if (tls !== "true" && tls !== "false") {
        problems.push(`KAFKA_TLS=${JSON.stringify(tls)} is not true or false`);
    }
    const settings: WorkerSettings = {
        port,
        brokers: required("KAFKA_BOOTSTRAP_SERVERS").split(",").map((b) => b.trim()).filter((b) => b !== ""),
        clientId: required("KAFKA_CLIENT_ID", "worker"),
        ssl: tls === "true" && env.KAFKA_CA_CERT ? { ca: [env.KAFKA_CA_CERT] } : tls === "true",
        sasl,
        groupId: required("KAFKA_GROUP_ID"),
        inputTopic: required("INPUT_TOPIC"),
        deadLetterTopic: required("DEAD_LETTER_TOPIC"),
    };
    if (problems.length > 0) {
        throw new Error(`invalid settings (${problems.length}): ${problems.join("; ")}`);
    }
    return settings;
}
