import * as assert from "node:assert/strict";
import fc from "fast-check";
import { planAlertRules } from "../../../components/observability/alert-rules";
import { PROMETHEUS_OPERATOR_API, prometheusRule, prometheusScraper, stackValues } from "../../../components/observability/cluster-monitoring";
import { validAlertThresholds } from "../../support/arbitraries";
import { runs } from "../../support/fast-check";

const thresholds = validAlertThresholds;

describe("components/observability/ClusterMonitoring", () => {
    it("property: each rule group becomes one PrometheusRule with the same alerts, expressions and runbooks, firing after at least a minute", () => {
        fc.assert(
            fc.property(thresholds, (t) => {
                for (const group of planAlertRules(t, [{ topic: "web.event.received", threshold: 5 }])) {
                    const rule = prometheusRule(group, "monitoring", "https://example.com/runbooks/");
                    assert.equal(rule.apiVersion, PROMETHEUS_OPERATOR_API);
                    const rules = rule.spec.groups[0].rules;
                    assert.deepEqual(rules.map((r) => [r.alert, r.expr]), group.rules.map((r) => [r.alert, r.expression]));
                    for (const [i, r] of rules.entries()) {
                        assert.equal(r.for, `${Math.max(group.rules[i].forMinutes, 1)}m`);
                        assert.equal(r.annotations.runbook_url, `https://example.com/runbooks/${group.rules[i].runbook}.md`);
                        assert.ok(["critical", "error", "warning", "info", "verbose"].includes(r.labels.severity));
                    }
                }
            }),
            runs(50),
        );
    });

    it("picks up every PodMonitor and PrometheusRule, and the scraper is the stack's Prometheus pods", () => {
        const values = stackValues({ retention: "2d", storageSize: "5Gi", grafanaAdminSecret: "grafana-admin" });
        assert.equal(values.prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues, false);
        assert.equal(values.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues, false);
        assert.equal(values.grafana.admin.existingSecret, "grafana-admin", "no admin password in the chart's values");
        assert.deepEqual(prometheusScraper("monitoring"), { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" } });
    });
});
