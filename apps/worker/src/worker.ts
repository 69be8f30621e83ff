/**
 * The worker: consumes its input topic in its consumer group, processes each event, and sends each
 * message that fails to its dead-letter topic with the reason and origin in headers, so one bad
 * message never stops the partition. GET /health on PORT answers 200 while the consumer runs.
 */
import * as http from "node:http";
import { Kafka, logLevel, Partitioners, type Consumer, type KafkaMessage, type Producer } from "kafkajs";
import { log } from "./log";
import { parseEvent } from "./process-event";
import { CONTENT_TYPE, Counter, Gauge, Registry } from "./metrics";
import { loadSettings, type WorkerSettings } from "./settings";

/** The worker's metrics (names from the platform's metric catalogue). */
export const metrics = new Registry();
const processed = metrics.register(new Counter("worker_messages_total", "Messages handled, by outcome (processed, dead_lettered)."));
const deadLetters = metrics.register(new Counter("worker_dead_letters_total", "Messages sent to the dead-letter topic."));
const lag = metrics.register(new Gauge("worker_consumer_lag", "Messages behind the partition's end after the last batch."));

export async function deadLetter(producer: Producer, settings: WorkerSettings, topic: string, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    await producer.send({
        topic: settings.deadLetterTopic,
        messages: [
            {
                key: message.key,
                value: message.value,
                headers: {
                    ...message.headers,
                    "x-dead-letter-reason": reason,
                    "x-original-topic": topic,
                    "x-original-partition": String(partition),
                    "x-original-offset": message.offset,
                    "x-consumer-group": settings.groupId,
                },
            },
        ],
    });
}

async function main(): Promise<void> {
    const settings = loadSettings();
    const kafka = new Kafka({
        clientId: settings.clientId,
        brokers: settings.brokers,
        ssl: settings.ssl,
        sasl: settings.sasl as never,
        logLevel: logLevel.WARN,
        logCreator: () => (entry) => log("warn", entry.log.message, { kafka: entry.namespace }),
    });
    const consumer: Consumer = kafka.consumer({ groupId: settings.groupId });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    let healthy = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (healthy = true));
    consumer.on(consumer.events.CRASH, (event) => {
        healthy = false;
        log("error", "consumer crashed", { error: String(event.payload.error) });
    });
    consumer.on(consumer.events.STOP, () => (healthy = false));
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => lag.set({ topic: event.payload.topic, partition: String(event.payload.partition) }, Number(event.payload.offsetLag)));

    const health = http.createServer((req, res) => {
        if (req.url === "/metrics") {
            res.writeHead(200, { "Content-Type": CONTENT_TYPE });
            res.end(metrics.expose());
            return;
        }
        const ok = req.url === "/health" && healthy;
        res.writeHead(ok ? 200 : req.url === "/health" ? 503 : 404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ status: ok ? "ok" : "unavailable" }));
    });
    health.listen(settings.port, () => log("info", "health endpoint listening", { port: settings.port }));

    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: settings.inputTopic, fromBeginning: false });
    await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
            try {
                const event = parseEvent(message.value);
                log("info", "processed", { type: event.type, partition, offset: message.offset });
                processed.inc({ outcome: "processed" });
            } catch (error) {
                const reason = (error as Error).message;
                log("warn", "dead-lettered", { reason, topic, partition, offset: message.offset, deadLetterTopic: settings.deadLetterTopic });
                await deadLetter(producer, settings, topic, partition, message, reason);
                processed.inc({ outcome: "dead_lettered" });
                deadLetters.inc({ topic: settings.deadLetterTopic });
            }
        },
    });

    const stop = async (signal: string) => {
        log("info", "stopping", { signal });
        health.close();
        await consumer.disconnect();
        await producer.disconnect();
        process.exit(0);
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
}

if (require.main === module) {
    main().catch((error: unknown) => {
        log("error", "worker failed", { error: (error as Error).message });
        process.exit(1);
    });
}
