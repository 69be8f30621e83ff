/**
 * Settings from environment variables (the Deployment's ConfigMap and Secret), every problem at once.
 * This folder (src/shared) is the same in every Node.js service, byte for byte (a test keeps the
 * copies equal): each service's image context is its own directory, so nothing is imported across.
 */
import type { ConnectionOptions } from "node:tls";

/** Reads variables and collects problems; `finish()` throws them all in one error. */
export class Env {
    private readonly problems: string[] = [];

    constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

    /** A required value (or its fallback). */
    text(name: string, fallback?: string): string {
        const value = this.env[name] || fallback;
        if (value === undefined || value === "") {
            this.problems.push(`${name} is not set`);
            return "";
        }
        return value;
    }

    optional(name: string): string | undefined {
        return this.env[name] || undefined;
    }

    integer(name: string, fallback: number, min: number, max: number): number {
        const raw = this.env[name];
        if (raw === undefined || raw === "") {
            return fallback;
        }
        const value = Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) {
            this.problems.push(`${name}=${JSON.stringify(raw)} is not an integer from ${min} to ${max}`);
        }
        return value;
    }

    flag(name: string, fallback: boolean): boolean {
        const raw = this.env[name];
        if (raw === undefined || raw === "") {
            return fallback;
        }
        if (raw !== "true" && raw !== "false") {
            this.problems.push(`${name}=${JSON.stringify(raw)} is not true or false`);
        }
        return raw === "true";
    }

    oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
        const raw = this.env[name] || fallback;
        if (raw === undefined || raw === "") {
            return undefined;
        }
        if (!(allowed as readonly string[]).includes(raw)) {
            this.problems.push(`${name}=${JSON.stringify(raw)} is not one of ${allowed.join(", ")}`);
        }
        return raw as T;
    }

    /** Throws every problem found so far, naming each variable. */
    finish(): void {
        if (this.problems.length > 0) {
            throw new Error(`invalid settings (${this.problems.length}): ${this.problems.join("; ")}`);
        }
    }
}

/** Kafka's SASL mechanism names, as the platform passes them (KAFKA_SASL_MECHANISM). */
export const SASL_MECHANISMS = ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] as const;

/** How to reach Kafka: the client options shared by producers, consumers and admin clients. */
export interface KafkaSettings {
    readonly clientId: string;
    readonly bootstrapBrokers: string[];
    /** TLS options; `ca` when the brokers' CA is not a public one (KAFKA_CA_CERT, e.g. Strimzi's cluster CA). */
    readonly tls?: ConnectionOptions;
    readonly sasl?: { readonly mechanism: (typeof SASL_MECHANISMS)[number]; readonly username: string; readonly password: string };
}

/** KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_ID, KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD, KAFKA_TLS, KAFKA_CA_CERT. */
export function kafkaSettings(env: Env, defaultClientId: string): KafkaSettings {
    const mechanism = env.oneOf("KAFKA_SASL_MECHANISM", SASL_MECHANISMS);
    const sasl = mechanism && { mechanism, username: env.text("KAFKA_USERNAME"), password: env.text("KAFKA_PASSWORD") };
    const tls = env.flag("KAFKA_TLS", sasl !== undefined);
    const ca = env.optional("KAFKA_CA_CERT");
    return {
        clientId: env.text("KAFKA_CLIENT_ID", defaultClientId),
        bootstrapBrokers: env
            .text("KAFKA_BOOTSTRAP_SERVERS")
            .split(",")
            .map((b) => b.trim())
            .filter((b) => b !== ""),
        tls: tls ? (ca ? { ca } : {}) : undefined,
        sasl,
    };
}

/** How to reach Redis. */
export interface RedisSettings {
    readonly host: string;
    readonly port: number;
    readonly password?: string;
    readonly tls: boolean;
}

/** REDIS_HOST, REDIS_PORT, REDIS_PASSWORD, REDIS_TLS. */
export function redisSettings(env: Env): RedisSettings {
    return { host: env.text("REDIS_HOST"), port: env.integer("REDIS_PORT", 6379, 1, 65535), password: env.optional("REDIS_PASSWORD"), tls: env.flag("REDIS_TLS", false) };
}
