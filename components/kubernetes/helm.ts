import type * as pulumi from "@pulumi/pulumi";
import type { ReleaseArgs } from "@pulumi/kubernetes/helm/v3/release";

/** A Helm chart at a pinned version from its repository. */
export interface PinnedChart {
    readonly name: string;
    readonly version: string;
    readonly repo: string;
}

/** Seconds a release may take before Helm rolls it back (operators pull images and install CRDs). */
const RELEASE_TIMEOUT_SECONDS = 600;

/**
 * How every third-party chart is installed: pinned version, into an existing namespace, atomic (a
 * failed install or upgrade rolls back instead of leaving half a release), cleaned up on failure.
 */
export function pinnedRelease(chart: PinnedChart, release: string, namespace: pulumi.Input<string>, values: Record<string, unknown>): ReleaseArgs {
    return {
        name: release,
        chart: chart.name,
        version: chart.version,
        repositoryOpts: { repo: chart.repo },
        namespace,
        createNamespace: false,
        atomic: true,
        cleanupOnFail: true,
        timeout: RELEASE_TIMEOUT_SECONDS,
        values,
    };
}
