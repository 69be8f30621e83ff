import { type Expected } from "./fixture";
import type * as pulumi from "@pulumi/pulumi";

/** The API's PodMonitor is created as soon as the Kubernetes provider exists, not after the cluster that installs its kind. */
export const transform: pulumi.ResourceTransformation = (args) =>
    args.type === "kubernetes:azmonitoring.coreos.com/v1:PodMonitor" && args.name === "scrape-api" ? { props: args.props, opts: { ...args.opts, dependsOn: [] } } : undefined;
export const expected: Expected = { policy: "custom-resources-after-definitions", message: 'kubernetes:azmonitoring.coreos.com/v1:PodMonitor "scrape-api": dependencies (PodMonitor.azmonitoring.coreos.com) is without aks-cluster; expected a dependency on the AKS cluster' };
