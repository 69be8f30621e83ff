/** The worker's Prometheus metrics (names from the platform's metric catalogue), with prom-client. */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";

export const registry = new Registry();
registry.setDefaultLabels({ service: "worker" });
collectDefaultMetrics({ register: registry });

export const messages = new Counter({
    name: "worker_messages_total",
    help: "Messages handled, by outcome (processed, duplicate, dead_lettered).",
    labelNames: ["outcome"] as const,
    registers: [registry],
});
export const retries = new Counter({ name: "worker_retries_total", help: "Attempts that failed and were retried.", registers: [registry] });
export const deadLetters = new Counter({
    name: "worker_dead_letters_total",
    help: "Messages sent to the dead-letter topic, by topic and why (invalid, exhausted).",
    labelNames: ["topic", "cause"] as const,
    registers: [registry],
});
/** Per topic, each partition's lag (negative: not assigned to this member). */
export type LagReader = () => Promise<Map<string, bigint[]>>;
let readLag: LagReader | undefined;

/** Where worker_consumer_lag comes from: read at each scrape, so it is never older than the scrape. */
export function measureLagWith(reader: LagReader): void {
    readLag = reader;
}

export const lag = new Gauge({
    name: "worker_consumer_lag",
    help: "Messages behind the partition's end, per partition assigned to this member (read at scrape time).",
    labelNames: ["topic", "partition"] as const,
    registers: [registry],
    async collect() {
        this.reset();
        const lags = await readLag?.().catch(() => undefined);
        for (const [topic, partitions] of lags ?? []) {
            partitions.forEach((behind, partition) => behind >= 0n && this.set({ topic, partition: String(partition) }, Number(behind)));
        }
    },
});
