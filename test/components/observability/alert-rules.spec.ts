import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { validAlertThresholds } from "../../support/arbitraries";
import { runs } from "../../support/fast-check";
import { planAlertRules } from "../../../components/observability/alert-rules";
import { METRIC_FAMILIES } from "../../../components/observability/metrics";
import { REPO_ROOT } from "../../support/harness";

// The Prometheus project's own PromQL grammar (lezer), CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require("@prometheus-io/lezer-promql") as { parser: { parse(text: string): { cursor(): TreeCursor } } };
interface TreeCursor {
    readonly type: { readonly name: string; readonly isError: boolean };
    readonly from: number;
    readonly to: number;
    next(): boolean;
}

/** Parse errors and the metric names a PromQL expression selects. */
export function promql(expression: string): { errors: string[]; metrics: string[] } {
    const cursor = parser.parse(expression).cursor();
    const errors: string[] = [];
    const metrics: string[] = [];
    do {
        if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: "${expression.slice(Math.max(0, cursor.from - 10), cursor.to + 10)}"`);
        // A vector selector's metric name is an Identifier directly under VectorSelector.
        if (cursor.type.name === "VectorSelector") {
            const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expression.slice(cursor.from, cursor.to));
            if (match) metrics.push(match[0]);
        }
    } while (cursor.next());
    return { errors, metrics };
}

const thresholds = validAlertThresholds;
const lagWatches = fc.uniqueArray(
    fc.record({ topic: fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z0-9-]{1,10}\.[a-z0-9-]{1,10}$/), threshold: fc.integer({ min: 1, max: 100_000_000 }) }),
    { maxLength: 5, selector: (w) => w.topic },
);

describe("components/observability/alert-rules", () => {
    it("the PromQL check itself catches broken expressions and unknown selectors", () => {
        assert.ok(promql("sum by (topic) (rate(x[5m]) >").errors.length > 0);
        assert.ok(promql("sum(rate(foo_total[5m)))").errors.length > 0);
        assert.deepEqual(promql('sum by (a) (increase(kafka_consumergroup_lag{topic="t"}[5m])) > 3').metrics, ["kafka_consumergroup_lag"]);
    });

    it("property: for any thresholds, every rule expression is valid PromQL naming only catalogued metric families", () => {
        fc.assert(
            fc.property(thresholds, lagWatches, (t, lag) => {
                for (const group of planAlertRules(t, lag)) {
                    for (const rule of group.rules) {
                        const { errors, metrics } = promql(rule.expression);
                        assert.deepEqual(errors, [], `${rule.alert}: ${rule.expression}`);
                        assert.ok(metrics.length > 0, `${rule.alert} selects no metric`);
                        for (const m of metrics) assert.ok(METRIC_FAMILIES.has(m), `${rule.alert}: ${m} is not in the metric catalogue`);
                    }
                }
            }),
            runs(200),
        );
    });

    it("property: thresholds appear in the expressions, one lag alert per watched topic with its own threshold", () => {
        fc.assert(
            fc.property(thresholds, lagWatches, (t, lag) => {
                const rules = planAlertRules(t, lag).flatMap((g) => g.rules);
                const lagRules = rules.filter((r) => r.alert === "KafkaConsumerLag");
                assert.deepEqual(lagRules.map((r) => r.expression), lag.map((w) => `sum by (consumergroup, topic) (kafka_consumergroup_lag{topic="${w.topic}"}) > ${w.threshold}`));
                assert.match(rules.find((r) => r.alert === "ContainerRestarts")!.expression, new RegExp(`> ${t.containerRestarts}$`));
                assert.match(rules.find((r) => r.alert === "RedisMemoryHigh")!.expression, new RegExp(`> ${t.redisMemoryPercent}$`));
                assert.match(rules.find((r) => r.alert === "FlinkNoCompletedCheckpoint")!.expression, new RegExp(`\\[${Math.max(3 * t.checkpointIntervalSeconds, 60)}s\\]`));
            }),
            runs(100),
        );
    });

    it("covers the alerts the platform promises, each with a summary, a locating description and a runbook page that exists", () => {
        const rules = planAlertRules({ consumerLagMessages: 1000, containerRestarts: 3, usagePercent: 80, redisMemoryPercent: 90, checkpointIntervalSeconds: 60 }, [{ topic: "web.event.received", threshold: 500 }]).flatMap((g) => g.rules);
        assert.deepEqual(
            [...new Set(rules.map((r) => r.alert))].sort(),
            ["ContainerRestarts", "FlinkCheckpointFailures", "FlinkJobRestarts", "FlinkNoCompletedCheckpoint", "HpaAtMaxReplicas", "KafkaConsumerLag", "KafkaDeadLetterMessages", "LakeMaintenanceStale", "LakeTableJobFailed", "NodeDiskHigh", "NodeMemoryHigh", "PersistentVolumeHigh", "PodOOMKilled", "RedisMemoryHigh"],
        );
        for (const rule of rules) {
            assert.ok(rule.summary.length > 10, rule.alert);
            assert.match(rule.description, /\{\{ \$labels\.[a-z_]+ \}\}/, `${rule.alert} names the labels that locate the problem`);
            const page = path.join(REPO_ROOT, "docs", "runbooks", `${rule.runbook}.md`);
            assert.ok(fs.existsSync(page), `${rule.alert}: no runbook ${page}`);
            const text = fs.readFileSync(page, "utf8");
            assert.match(text, /## How to confirm[\s\S]+## How to fix/, `${rule.runbook}.md: what it means, how to confirm, how to fix`);
        }
    });

    it("the dashboard's queries are valid PromQL over catalogued metrics", () => {
        const dashboard = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "dashboards", "platform-overview.json"), "utf8"));
        const queries: string[] = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
        assert.ok(queries.length >= 15);
        for (const q of queries) {
            const { errors, metrics } = promql(q);
            assert.deepEqual(errors, [], q);
            for (const m of metrics) assert.ok(METRIC_FAMILIES.has(m), `${m} is not in the metric catalogue`);
        }
        const rows = dashboard.panels.filter((p: { type: string }) => p.type === "row").map((p: { title: string }) => p.title);
        assert.deepEqual(rows, ["Cluster", "Apps (golden signals)", "Kafka", "Flink", "Redis"]);
    });
});
