import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { linkNamespace } from "../../infra/namespace-links";

describe("infra/namespace-links", () => {
    const names = { apps: pulumi.output("apps") };

    it("names a stack namespace by the Namespace's output, in metadata and in a Helm release", () => {
        const linked = linkNamespace("kubernetes:apps/v1:Deployment", { metadata: { name: "api", namespace: "apps", labels: { a: "b" } }, spec: {} }, names)!;
        assert.equal(linked.metadata.namespace, names.apps);
        assert.deepEqual(linked.metadata.labels, { a: "b" }, "the rest of the metadata stays");
        assert.equal(linkNamespace("kubernetes:helm.sh/v3:Release", { chart: "x", namespace: "apps" }, names)!.namespace, names.apps);
    });

    it("leaves alone other namespaces, cluster-scoped objects, Namespaces themselves and non-Kubernetes resources", () => {
        assert.equal(linkNamespace("kubernetes:core/v1:ConfigMap", { metadata: { name: "x", namespace: "kube-system" } }, names), undefined);
        assert.equal(linkNamespace("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", { metadata: { name: "x" } }, names), undefined);
        assert.equal(linkNamespace("kubernetes:core/v1:Namespace", { metadata: { name: "apps", namespace: "apps" } }, names), undefined);
        assert.equal(linkNamespace("azure-native:storage:StorageAccount", { metadata: { namespace: "apps" } }, names), undefined);
    });
});
