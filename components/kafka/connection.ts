import * as pulumi from "@pulumi/pulumi";
import type { EgressTarget } from "../kubernetes/workload-plan";

/** SASL mechanisms as `@pulumi/kafka`'s provider names them. */
export const SASL_MECHANISMS = ["scram-sha512", "scram-sha256", "plain"] as const;
/** Where Kafka runs: Strimzi brokers in the cluster, or an existing service (Confluent Cloud, Aiven, self-managed). */
export const KAFKA_MODES = ["strimzi", "external"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Kafka's name of a mechanism: the services' KAFKA_SASL_MECHANISM (as the Java and Node clients take it) and the SCRAM credential's. */
export function clientMechanism(mechanism: SaslMechanism): string {
    return { "scram-sha512": "SCRAM-SHA-512", "scram-sha256": "SCRAM-SHA-256", plain: "PLAIN" }[mechanism];
}

/** Kafka's name of a SCRAM mechanism (UserScramCredential). */
export function scramMechanism(mechanism: SaslMechanism): string {
    return clientMechanism(mechanism);
}

/** Credentials of one service's Kafka user. */
export interface ServiceCredential {
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
    /** The ACL principal when it is not `User:<username>` (Confluent Cloud: `User:sa-...`, the API key's service account). */
    readonly principal?: string;
}

/** How Pulumi and the services reach a Kafka cluster: Strimzi's (KafkaCluster) or an external one. */
export interface KafkaConnection {
    /** Where the deploying runner reaches the brokers (the admin listener, or the external service). */
    readonly adminBootstrapServers: pulumi.Input<string[]>;
    /** Where the services reach the brokers (comma-joined in their environment). */
    readonly clientBootstrapServers: string;
    readonly saslMechanism: SaslMechanism;
    readonly adminUsername: pulumi.Input<string>;
    readonly adminPassword: pulumi.Input<string>;
    /** PEM of the CA that signed the brokers' certificates; empty: the system's CAs (public services). */
    readonly caCertificate: pulumi.Input<string>;
    /** Pulumi creates each service's SCRAM user (`UserScramCredential`); otherwise `serviceCredentials` must name them. */
    readonly createsServiceUsers: boolean;
    /** Prefix of the users Pulumi creates (`<prefix><service>`). */
    readonly serviceUserPrefix: string;
    /** Given credentials per service (external Kafka without SCRAM user management, e.g. Confluent Cloud API keys). */
    readonly serviceCredentials?: Readonly<Record<string, ServiceCredential>>;
}

/** What a client of an external Kafka may call: the bootstrap servers' ports, anywhere (the service's brokers are not known in advance). */
export function externalKafkaEgress(bootstrapServers: string): EgressTarget {
    const ports = [...new Set(bootstrapServers.split(",").map((address) => Number(address.split(":").pop())))];
    return { name: "kafka", peer: { cidr: "0.0.0.0/0" }, ports: ports.map((port) => ({ port })) };
}
