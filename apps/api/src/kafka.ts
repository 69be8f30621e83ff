import { Kafka, logLevel, Partitioners, type Admin, type Producer } from "kafkajs";
import type { KafkaSettings } from "./config";
import { log } from "./log";

/** The API's Kafka connections: a producer for events and an admin client for readiness. */
export class KafkaConnections {
    private readonly kafka: Kafka;
    readonly producer: Producer;
    private readonly admin: Admin;
    private connected: Promise<void> | undefined;

    constructor(settings: KafkaSettings) {
        this.kafka = new Kafka({
            clientId: settings.clientId,
            brokers: settings.brokers,
            ssl: settings.ssl,
            sasl: settings.sasl as never,
            logLevel: logLevel.WARN,
            logCreator: () => (entry) => log("warn", entry.log.message, { kafka: entry.namespace }),
        });
        this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        this.admin = this.kafka.admin();
    }

    /** Connects once; later calls share the first attempt (a failed attempt is retried on the next call). */
    connect(): Promise<void> {
        this.connected ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(
            () => undefined,
            (error: unknown) => {
                this.connected = undefined;
                throw error;
            },
        );
        return this.connected;
    }

    /** Resolves when the cluster answers a metadata request. */
    async check(): Promise<void> {
        await this.connect();
        const cluster = await this.admin.describeCluster();
        if (cluster.brokers.length === 0) {
            throw new Error("kafka: the cluster reports no brokers");
        }
    }

    async close(): Promise<void> {
        await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    }
}
