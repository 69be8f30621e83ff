import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { Namespaces, type NamespaceBudget } from "../../../components/kubernetes/namespaces";
import { capture } from "../../support/harness";

const BUDGET: NamespaceBudget = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsMemory: "12Gi",
    pods: 40,
    containerDefaults: { cpu: "100m", memory: "128Mi", memoryLimit: "256Mi" },
};

describe("components/kubernetes/Namespaces", () => {
    it("labels each namespace for Pod Security Admission, denies all traffic by default, and sets its budget", async () => {
        const captured = await capture(() => {
            const provider = new Provider("ns-k8s", { kubeconfig: "unused" });
            return new Namespaces("ns", {
                namespaces: [
                    { name: "apps", podSecurity: "restricted" },
                    { name: "flink", podSecurity: "baseline" },
                ],
                kubernetesVersion: "1.33",
                budget: BUDGET,
                provider,
            });
        });
        const namespaces = captured.ofType("kubernetes:core/v1:Namespace");
        assert.deepEqual(
            namespaces.map((n) => (n.inputs.metadata as { labels: Record<string, string> }).labels),
            ["restricted", "baseline"].map((level) => ({
                "pod-security.kubernetes.io/enforce": level,
                "pod-security.kubernetes.io/enforce-version": "v1.33",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
                "app.kubernetes.io/part-of": "streaming-platform",
            })),
        );
        const denies = captured.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assert.equal(denies.length, 2);
        assert.ok(denies.every((d) => JSON.stringify(d.inputs.spec) === JSON.stringify({ podSelector: {}, policyTypes: ["Ingress", "Egress"] })));
        const quota = captured.ofType("kubernetes:core/v1:ResourceQuota")[0].inputs.spec as { hard: Record<string, string> };
        assert.deepEqual(quota.hard, { "requests.cpu": "4", "requests.memory": "8Gi", "limits.memory": "12Gi", pods: "40" });
        const limits = captured.ofType("kubernetes:core/v1:LimitRange")[0].inputs.spec as { limits: unknown[] };
        assert.deepEqual(limits.limits, [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "256Mi" } }]);
        const provider = captured.one("pulumi:providers:kubernetes");
        assert.ok(captured.resources.filter((r) => r.type.startsWith("kubernetes:")).every((r) => r.provider?.startsWith(provider.urn)));
    });
});
