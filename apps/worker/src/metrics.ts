/**
 * Prometheus metrics in the text exposition format (version 0.0.4), without a client library:
 * counters, gauges and histograms with labels, rendered at GET /metrics. The metric names are the
 * platform's catalogue (components/observability/metrics.ts) and what its alerts and dashboards read.
 */
type Labels = Readonly<Record<string, string>>;

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const render = (labels: Labels) => {
    const entries = Object.entries(labels);
    return entries.length === 0 ? "" : `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(",")}}`;
};

interface Metric {
    expose(): string;
}

/** One value per label set, exposed as `type` (counters and gauges differ only in how values change). */
abstract class Series implements Metric {
    protected readonly values = new Map<string, { labels: Labels; value: number }>();
    constructor(readonly name: string, private readonly help: string, private readonly type: "counter" | "gauge") {}
    expose(): string {
        return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, ...[...this.values.values()].map((e) => `${this.name}${render(e.labels)} ${e.value}`)].join("\n");
    }
}

export class Counter extends Series {
    constructor(name: string, help: string) {
        super(name, help, "counter");
    }
    inc(labels: Labels = {}, by = 1): void {
        const entry = this.values.get(key(labels)) ?? { labels, value: 0 };
        entry.value += by;
        this.values.set(key(labels), entry);
    }
}

export class Gauge extends Series {
    constructor(name: string, help: string) {
        super(name, help, "gauge");
    }
    set(labels: Labels, value: number): void {
        this.values.set(key(labels), { labels, value });
    }
}

/** Latency buckets in seconds: 5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
    private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
    constructor(readonly name: string, private readonly help: string, private readonly buckets = LATENCY_BUCKETS) {}
    observe(labels: Labels, value: number): void {
        const s = this.series.get(key(labels)) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
        this.buckets.forEach((le, i) => {
            if (value <= le) s.counts[i] += 1;
        });
        s.sum += value;
        s.count += 1;
        this.series.set(key(labels), s);
    }
    expose(): string {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
        for (const s of this.series.values()) {
            this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${render({ ...s.labels, le: String(le) })} ${s.counts[i]}`));
            lines.push(`${this.name}_bucket${render({ ...s.labels, le: "+Inf" })} ${s.count}`, `${this.name}_sum${render(s.labels)} ${s.sum}`, `${this.name}_count${render(s.labels)} ${s.count}`);
        }
        return lines.join("\n");
    }
}

/** All metrics of the process, rendered for GET /metrics. */
export class Registry {
    private readonly metrics: Metric[] = [];
    register<M extends Metric>(metric: M): M {
        this.metrics.push(metric);
        return metric;
    }
    expose(): string {
        return this.metrics.map((m) => m.expose()).join("\n") + "\n";
    }
}

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
