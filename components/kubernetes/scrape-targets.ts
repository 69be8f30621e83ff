import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { PodPeer } from "./workload-plan";

/**
 * Azure Monitor managed Prometheus's scraper: the ama-metrics replica set in kube-system reads
 * PodMonitors of the `azmonitoring.coreos.com` group. Workloads admit it on their metrics port.
 */
export const METRICS_SCRAPER: PodPeer = { namespace: "kube-system", podLabels: { rsName: "ama-metrics" } };
export const POD_MONITOR_API = "azmonitoring.coreos.com/v1";
/** How often targets are scraped. */
const SCRAPE_INTERVAL = "30s";

/** Pods to scrape: where, which, and on which named container port and path. */
export interface ScrapeTarget {
    readonly name: string;
    readonly namespace: pulumi.Input<string>;
    readonly podLabels: Readonly<Record<string, string>>;
    /** The container port's name. */
    readonly port: string;
    /** @default "/metrics" */
    readonly path?: string;
}

export interface ScrapeTargetsArgs {
    readonly targets: readonly ScrapeTarget[];
    /**
     * The PodMonitor's API: managed Prometheus's group, or the prometheus-operator's
     * (`monitoring.coreos.com/v1`) for a Prometheus in the cluster.
     * @default POD_MONITOR_API
     */
    readonly api?: string;
    readonly provider: Provider;
    /**
     * What every PodMonitor waits for: the AKS cluster whose managed Prometheus add-on installs the
     * PodMonitor definition, and the namespaces the monitors live in. (A component's own dependsOn
     * does not reach its children, so the monitors take these themselves.)
     */
    readonly dependsOn: readonly pulumi.Resource[];
}

/** The PodMonitor of one target. */
export function podMonitor(target: ScrapeTarget, api: string = POD_MONITOR_API) {
    return {
        apiVersion: api,
        kind: "PodMonitor",
        metadata: { name: target.name, namespace: target.namespace },
        spec: {
            selector: { matchLabels: { ...target.podLabels } },
            podMetricsEndpoints: [{ port: target.port, path: target.path ?? "/metrics", interval: SCRAPE_INTERVAL }],
        },
    };
}

/** One PodMonitor per workload whose metrics managed Prometheus collects. */
export class ScrapeTargets extends pulumi.ComponentResource {
    readonly monitors: readonly CustomResource[];

    constructor(name: string, args: ScrapeTargetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:ScrapeTargets", name, {}, opts);
        this.monitors = args.targets.map((t) => new CustomResource(`${name}-${t.name}`, podMonitor(t, args.api), { parent: this, provider: args.provider, dependsOn: [...args.dependsOn] }));
        this.registerOutputs({ targets: args.targets.map((t) => t.name) });
    }
}
