/**
 * What every target's foundation (Azure: foundation.ts; a local cluster: local-foundation.ts) gives
 * the later stages.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { NamespaceSpec } from "../../components/kubernetes/namespaces";
import type { PodPeer } from "../../components/kubernetes/workload-plan";

/** What every target's foundation gives the later stages. */
export interface FoundationBase {
    /** The cluster's Kubernetes provider. */
    readonly provider: Provider;
    /** Who scrapes workloads' metrics: every scraped workload admits it on its metrics port. */
    readonly metricsScraper: PodPeer;
    /** The PodMonitor API the scraper reads. */
    readonly podMonitorApi: string;
    /** Namespaces of this target's own in-cluster pieces, besides the platform's. */
    readonly extraNamespaces: readonly NamespaceSpec[];
    /** This stack as last deployed (its outputs; none on a first deploy). */
    readonly deployed: pulumi.StackReference;
}

/** The stack's reference to its own last outputs (none on a first deploy). */
export function lastDeployed(): pulumi.StackReference {
    return new pulumi.StackReference("deployed", { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` });
}
