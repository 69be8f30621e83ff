/**
 * Settings from environment variables (the Deployment's ConfigMap and Secret). Every problem is
 * reported at once, naming the variable, so a misconfigured pod fails at start with one clear line.
 */
export interface KafkaSettings {
    readonly brokers: string[];
    readonly clientId: string;
    /** TLS; with the PEM of the brokers' CA when it is not a public one (KAFKA_CA_CERT). */
    readonly ssl: boolean | { readonly ca: string[] };
    readonly sasl?: { readonly mechanism: "scram-sha-512" | "scram-sha-256" | "plain"; readonly username: string; readonly password: string };
}

export interface ApiSettings {
    readonly port: number;
    readonly redis: { readonly host: string; readonly port: number; readonly password?: string; readonly tls: boolean };
    readonly kafka: KafkaSettings;
    /** Topic that POST /api/events writes to. */
    readonly eventsTopic: string;
    /** How long a readiness result is reused, so probes do not hammer Redis and Kafka. */
    readonly readinessCacheMs: number;
}

const SASL_MECHANISMS = ["scram-sha-512", "scram-sha-256", "plain"] as const;

export function loadSettings(env: NodeJS.ProcessEnv = process.env): ApiSettings {
    const problems: string[] = [];
    const text = (name: string, fallback?: string): string => {
        const value = env[name] ?? fallback;
        if (value === undefined || value === "") {
            problems.push(`${name} is not set`);
            return "";
        }
        return value;
    };
    const integer = (name: string, fallback: number, min: number, max: number): number => {
        const raw = env[name];
        if (raw === undefined || raw === "") {
            return fallback;
        }
        const value = Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) {
            problems.push(`${name}=${JSON.stringify(raw)} is not an integer from ${min} to ${max}`);
        }
        return value;
    };
    const flag = (name: string, fallback: boolean): boolean => {
        const raw = env[name];
        if (raw === undefined || raw === "") {
            return fallback;
        }
        if (raw !== "true" && raw !== "false") {
            problems.push(`${name}=${JSON.stringify(raw)} is not true or false`);
        }
        return raw === "true";
    };

    const mechanism = env.KAFKA_SASL_MECHANISM ?? "";
    let sasl: KafkaSettings["sasl"];
    if (mechanism !== "") {
        if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
            problems.push(`KAFKA_SASL_MECHANISM=${JSON.stringify(mechanism)} is not one of ${SASL_MECHANISMS.join(", ")}`);
        }
        sasl = { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username: text("KAFKA_USERNAME"), password: text("KAFKA_PASSWORD") };
    }
    const settings: ApiSettings = {
        port: integer("PORT", 5000, 1, 65535),
        redis: {
            host: text("REDIS_HOST"),
            port: integer("REDIS_PORT", 6379, 1, 65535),
            password: env.REDIS_PASSWORD || undefined,
            tls: flag("REDIS_TLS", false),
        },
        kafka: {
            brokers: text("KAFKA_BOOTSTRAP_SERVERS").split(",").map((b) => b.trim()).filter((b) => b !== ""),
            clientId: text("KAFKA_CLIENT_ID", "api"),
            ssl: tlsSettings(flag("KAFKA_TLS", sasl !== undefined), env.KAFKA_CA_CERT),
            sasl,
        },
        eventsTopic: text("EVENTS_TOPIC"),
        readinessCacheMs: integer("READINESS_CACHE_MS", 5000, 0, 60000),
    };
    if (problems.length > 0) {
        throw new Error(`invalid settings (${problems.length}): ${problems.join("; ")}`);
    }
    return settings;
}

/** kafkajs's `ssl`: off, on with the system's CAs, or on trusting the given CA (e.g. Strimzi's cluster CA). */
export function tlsSettings(tls: boolean, caCert: string | undefined): boolean | { ca: string[] } {
    return tls && caCert ? { ca: [caCert] } : tls;
}
