import * as assert from "node:assert/strict";
import fc from "fast-check";
import * as k8s from "@pulumi/kubernetes";
import { KUBERNETES_API_ANNOTATION, planSmokeTest, SmokeTest, smokeJobName, smokeTestPeer, type SmokeTestSpec } from "../../../components/kubernetes/smoke-test";
import { capture, valueOf } from "../../support/harness";

const SPEC: SmokeTestSpec = {
    namespace: "apps",
    uid: 1000,
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    http: [{ name: "api", url: "http://api.apps.svc.cluster.local:5000/api/ready", pods: { namespace: "apps", podLabels: { "app.kubernetes.io/name": "api" } }, port: 5000 }],
    resourcesReady: [
        { name: "flink job a", apiGroup: "flink.apache.org", version: "v1beta1", resource: "flinkdeployments", namespace: "flink", object: "a", expect: { field: "status.jobStatus.state", equals: "RUNNING" } },
        { name: "flink job b", apiGroup: "flink.apache.org", version: "v1beta1", resource: "flinkdeployments", namespace: "flink", object: "b", expect: { field: "status.jobStatus.state", equals: "RUNNING" } },
        { name: "kafka", apiGroup: "kafka.strimzi.io", version: "v1", resource: "kafkas", namespace: "kafka", object: "platform", expect: { condition: "Ready" } },
    ],
};
const IMAGE = `acr.azurecr.io/smoke:c-0123456789abcdef0123@sha256:${"0".repeat(64)}`;

describe("components/kubernetes/SmokeTest", () => {
    it("may only read the resources it checks: get, by name, in their namespaces", () => {
        const plan = planSmokeTest(SPEC, IMAGE, "smoke-test-x");
        assert.deepEqual(
            plan.roles.map((r) => [r.role.metadata.namespace, r.role.rules]),
            [
                ["flink", [{ apiGroups: ["flink.apache.org"], resources: ["flinkdeployments"], resourceNames: ["a", "b"], verbs: ["get"] }]],
                ["kafka", [{ apiGroups: ["kafka.strimzi.io"], resources: ["kafkas"], resourceNames: ["platform"], verbs: ["get"] }]],
            ],
        );
        for (const { binding } of plan.roles) assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "smoke-test", namespace: "apps" }]);
    });

    it("talks only to DNS, the checked services' ports and (for the resources) the API server; nothing talks to it", () => {
        const policy = planSmokeTest(SPEC, IMAGE, "smoke-test-x").networkPolicy.spec;
        assert.deepEqual(policy.ingress, []);
        assert.deepEqual(policy.egress.slice(1), [
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } } }], ports: [{ port: 5000, protocol: "TCP" }] },
            { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: undefined } }], ports: [{ port: 443, protocol: "TCP" }] },
        ]);
        assert.equal(planSmokeTest({ ...SPEC, resourcesReady: [] }, IMAGE, "x").networkPolicy.spec.egress.length, 2, "no API server without resources to read");
    });

    it("runs once, restricted, with the checks in CHECKS; mounts the API token only to read resources, and says why", () => {
        const { job } = planSmokeTest(SPEC, IMAGE, "smoke-test-x");
        assert.equal(job.spec.backoffLimit, 0);
        assert.equal(job.spec.template.spec.restartPolicy, "Never");
        assert.equal(job.spec.template.spec.automountServiceAccountToken, true);
        assert.match(job.spec.template.metadata.annotations[KUBERNETES_API_ANNOTATION], /reads the status of flink job a, flink job b, kafka/);
        const container = job.spec.template.spec.containers[0];
        assert.equal(container.image, IMAGE);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(
            JSON.parse(container.env.find((e) => e.name === "CHECKS")!.value).map((c: { name: string; url?: string; path?: string }) => [c.name, c.url ?? c.path]),
            [
                ["api", "http://api.apps.svc.cluster.local:5000/api/ready"],
                ["flink job a", "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/a"],
                ["flink job b", "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/b"],
                ["kafka", "/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkas/platform"],
            ],
        );
        const quiet = planSmokeTest({ ...SPEC, resourcesReady: [] }, IMAGE, "x").job.spec.template;
        assert.equal(quiet.spec.automountServiceAccountToken, false);
        assert.deepEqual(quiet.metadata.annotations, {});
    });

    it("property: the Job's name is a DNS label that follows the run key (same key, same Job; another key, another Job)", () => {
        fc.assert(
            fc.property(fc.string(), fc.string(), (a, b) => {
                assert.match(smokeJobName(a), /^smoke-test-[0-9a-f]{10}$/);
                assert.equal(smokeJobName(a), smokeJobName(a));
                if (a !== b) assert.notEqual(smokeJobName(a), smokeJobName(b));
            }),
        );
    });

    it("starts the Job after its account, role bindings and NetworkPolicy, named from the run key", async () => {
        const captured = await capture(() => new SmokeTest("smoke", { spec: SPEC, image: IMAGE, runKey: "commit-1", provider: new k8s.Provider("k8s-smoke", {}) }));
        const job = captured.one("kubernetes:batch/v1:Job");
        assert.equal((job.inputs as any).metadata.name, smokeJobName("commit-1"));
        assert.equal(await valueOf(captured.value.jobName), smokeJobName("commit-1"));
        for (const before of ["smoke-account", "smoke-network-policy", "smoke-binding-flink", "smoke-binding-kafka"]) {
            assert.ok(job.dependencies.some((urn) => urn.endsWith(`::${before}`)), before);
        }
        assert.deepEqual(smokeTestPeer("apps"), { namespace: "apps", podLabels: { "app.kubernetes.io/name": "smoke-test", "app.kubernetes.io/part-of": "streaming-platform" } });
    });
});
