import type * as pulumi from "@pulumi/pulumi";
import { type Expected } from "./fixture";

/** The cluster no longer waits for the admins' grants: the first Kubernetes call may come before they have propagated. */
export const transform: pulumi.ResourceTransformation = (args) =>
    args.type === "azure-native:containerservice:ManagedCluster" && args.name === "aks-cluster" ? { props: args.props, opts: { ...args.opts, dependsOn: [] } } : undefined;
export const expected: Expected = {
    policy: "kubernetes-access-before-use",
    message: 'pulumi:providers:kubernetes "aks-k8s": dependencies (data-plane access to aks-cluster) is aks-admin-deployer-rbac-admin (Azure Kubernetes Service RBAC Cluster Admin; aks-cluster does not wait for it, so it may not have propagated at first use)',
};
