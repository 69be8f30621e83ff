/**
 * Prometheus and Grafana in the cluster (kube-prometheus-stack), standing in for Azure Monitor's
 * managed Prometheus and Managed Grafana where there is no Azure: the same alert rules (as
 * PrometheusRule objects, from the same rule groups), the same dashboards (ConfigMaps Grafana's
 * sidecar loads, from the same files), and the same PodMonitors (the prometheus-operator group).
 * kube-state-metrics, node-exporter and the kubelet are scraped as on AKS, so every metric family
 * the rules use exists here too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { pinnedRelease, type PinnedChart } from "../kubernetes/helm";
import type { PodPeer } from "../kubernetes/workload-plan";
import type { RuleGroup } from "./alert-rules";

export const KUBE_PROMETHEUS_STACK_CHART: PinnedChart = { name: "kube-prometheus-stack", version: "82.6.0", repo: "https://prometheus-community.github.io/helm-charts" };
/** The prometheus-operator's API group: PodMonitor and PrometheusRule. */
export const PROMETHEUS_OPERATOR_API = "monitoring.coreos.com/v1";
/** Names of the stack's objects (fullnameOverride): Services `<name>-prometheus`, `<name>-alertmanager`, and `grafana`. */
const STACK_NAME = "monitoring";
const GRAFANA_NAME = "grafana";
/** The Secret with Grafana's admin login (the chart reads it; no password in the values). */
const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const PROMETHEUS_PORT = 9090;
export const GRAFANA_PORT = 80;
/** The label Grafana's sidecar looks for on dashboard ConfigMaps. */
export const DASHBOARD_LABEL = "grafana_dashboard";

/** The Prometheus pods of the stack in `namespace`: what every scraped workload admits on its metrics port. */
export function prometheusScraper(namespace: string): PodPeer {
    return { namespace, podLabels: { "app.kubernetes.io/name": "prometheus" } };
}

/** Azure Monitor severities 0-4 as the labels Alertmanager routes on. */
const SEVERITY_LABEL = ["critical", "error", "warning", "info", "verbose"] as const;

/** The PrometheusRule of one rule group: the expressions, durations and annotations the Azure rule groups carry. */
export function prometheusRule<N>(group: RuleGroup, namespace: N, runbookBaseUrl: string) {
    const base = runbookBaseUrl.replace(/\/+$/, "");
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PrometheusRule",
        metadata: { name: `alerts-${group.name}`, namespace },
        spec: {
            groups: [
                {
                    name: group.name,
                    interval: "1m",
                    rules: group.rules.map((r) => ({
                        alert: r.alert,
                        expr: r.expression,
                        // Azure's minimum is one minute; the same here, so both fire alike.
                        for: `${Math.max(r.forMinutes, 1)}m`,
                        labels: { area: group.name, severity: SEVERITY_LABEL[r.severity] },
                        annotations: { summary: r.summary, description: r.description, runbook_url: `${base}/${r.runbook}.md` },
                    })),
                },
            ],
        },
    };
}

/** The chart's values: the operator picks up every PodMonitor and PrometheusRule, Grafana every labelled dashboard. */
export function stackValues(args: { readonly retention: string; readonly storageSize: string; readonly grafanaAdminSecret: string }) {
    const everything = { podMonitorSelectorNilUsesHelmValues: false, ruleSelectorNilUsesHelmValues: false, serviceMonitorSelectorNilUsesHelmValues: false };
    return {
        fullnameOverride: STACK_NAME,
        prometheus: {
            prometheusSpec: {
                ...everything,
                retention: args.retention,
                storageSpec: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: args.storageSize } } } } },
            },
        },
        alertmanager: { enabled: true },
        grafana: {
            fullnameOverride: GRAFANA_NAME,
            admin: { existingSecret: args.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
            sidecar: { dashboards: { enabled: true, label: DASHBOARD_LABEL, labelValue: "1", searchNamespace: "ALL" } },
        },
    };
}

export interface ClusterMonitoringArgs {
    readonly namespace: pulumi.Input<string>;
    readonly ruleGroups: readonly RuleGroup[];
    readonly runbookBaseUrl: string;
    /** Folder of Grafana dashboard JSON files (dashboards/ in the repository). */
    readonly dashboardsDir: string;
    readonly retention: string;
    readonly storageSize: string;
    readonly provider: Provider;
}

export class ClusterMonitoring extends pulumi.ComponentResource {
    readonly release: Release;
    /** Where Prometheus answers PromQL, in the cluster. */
    readonly queryEndpoint: pulumi.Output<string>;
    /** Where Grafana answers, in the cluster (`kubectl port-forward` it to reach it from the laptop). */
    readonly grafanaEndpoint: pulumi.Output<string>;
    readonly rules: readonly CustomResource[];
    readonly dashboards: readonly ConfigMap[];

    constructor(name: string, args: ClusterMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:observability:ClusterMonitoring", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const adminPassword = new RandomPassword(`${name}-grafana-admin`, { length: 24, special: false }, { parent: this }).result;
        const admin = new Secret(
            `${name}-grafana-admin`,
            { metadata: { name: GRAFANA_ADMIN_SECRET, namespace: args.namespace }, type: "Opaque", stringData: { "admin-user": "admin", "admin-password": adminPassword } },
            child,
        );
        this.release = new Release(
            `${name}-stack`,
            pinnedRelease(KUBE_PROMETHEUS_STACK_CHART, STACK_NAME, args.namespace, stackValues({ retention: args.retention, storageSize: args.storageSize, grafanaAdminSecret: GRAFANA_ADMIN_SECRET })),
            { ...child, dependsOn: [admin] },
        );
        // The namespace denies by default: the stack's pods talk to each other, and dial the cluster
        // (scrapes in every namespace, the API server) and nothing else reaches them.
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata: { name: STACK_NAME, namespace: args.namespace },
                spec: {
                    podSelector: {},
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [{ from: [{ podSelector: {} }] }],
                    egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { namespaceSelector: {} }] }],
                },
            },
            child,
        );
        // The rules and dashboards wait for the chart: it installs the PrometheusRule definition and Grafana's sidecar.
        this.rules = args.ruleGroups.map((group) => new CustomResource(`${name}-rules-${group.name}`, prometheusRule(group, args.namespace, args.runbookBaseUrl), { ...child, dependsOn: [this.release] }));
        const files = fs.readdirSync(args.dashboardsDir).filter((f) => f.endsWith(".json")).sort();
        this.dashboards = files.map(
            (file) =>
                new ConfigMap(
                    `${name}-dashboard-${file.replace(/\.json$/, "")}`,
                    {
                        metadata: { name: `dashboard-${file.replace(/\.json$/, "")}`, namespace: args.namespace, labels: { [DASHBOARD_LABEL]: "1" } },
                        data: { [file]: fs.readFileSync(path.join(args.dashboardsDir, file), "utf8") },
                    },
                    { ...child, dependsOn: [this.release] },
                ),
        );
        this.queryEndpoint = pulumi.interpolate`http://${STACK_NAME}-prometheus.${args.namespace}.svc.cluster.local:${PROMETHEUS_PORT}`;
        this.grafanaEndpoint = pulumi.interpolate`http://${GRAFANA_NAME}.${args.namespace}.svc.cluster.local:${GRAFANA_PORT}`;
        this.registerOutputs({ queryEndpoint: this.queryEndpoint, grafanaEndpoint: this.grafanaEndpoint });
    }
}
