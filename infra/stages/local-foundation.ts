/**
 * Stage 1 on a laptop: the local cluster (its kubeconfig context, checked before anything is
 * registered) and its registry. What stands in for Azure's managed pieces runs in the cluster and
 * is made by the later stages, each beside what it stands in for: MinIO with the data
 * (data-and-messaging), PostgreSQL with the catalog (lakehouse), Prometheus and Grafana with the
 * scrape targets (observability). No Azure resource and no Azure credential is involved.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { NamespaceSpec } from "../../components/kubernetes/namespaces";
import { PROMETHEUS_OPERATOR_API, prometheusScraper } from "../../components/observability/cluster-monitoring";
import type { PlatformConfig } from "../config";
import { checkLocalCluster } from "../local-cluster";
import { lastDeployed, type FoundationBase } from "./foundation-base";

/** Namespaces only a local cluster has: the object store, and Prometheus/Grafana (node-exporter reads the host). */
export const LOCAL_NAMESPACES = {
    storage: { name: "storage", podSecurity: "restricted" },
    monitoring: { name: "monitoring", podSecurity: "privileged" },
} as const satisfies Record<string, NamespaceSpec>;

export interface LocalFoundation extends FoundationBase {
    readonly kind: "local";
    /** The kubeconfig context deployed to. */
    readonly context: string;
    /** The local cluster's registry: images are pushed there and pulled from there, without a login. */
    readonly registry: { readonly loginServer: string };
}

export function createLocalFoundation(config: PlatformConfig): LocalFoundation {
    const { settings } = config;
    const context = settings.kubeContext;
    // The provider takes its context through this check: nothing in the cluster is planned before the
    // context resolves and its API server answers, and a failure names the context.
    const checked = pulumi.output(
        checkLocalCluster(context).then(
            () => context,
            (error: Error) => {
                throw new pulumi.RunError(error.message);
            },
        ),
    );
    const provider = new Provider("local-cluster", { context: checked, enableServerSideApply: true, deleteUnreachable: false });
    return {
        kind: "local",
        provider,
        metricsScraper: prometheusScraper(LOCAL_NAMESPACES.monitoring.name),
        podMonitorApi: PROMETHEUS_OPERATOR_API,
        extraNamespaces: Object.values(LOCAL_NAMESPACES),
        deployed: lastDeployed(),
        context,
        registry: { loginServer: settings.localRegistry },
    };
}
