import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Provider } from "@pulumi/kubernetes/provider";
import { ObjectStore, objectStoreProblems, S3_CREDENTIAL_KEYS, setupJobName, setupScript, userPolicy, type ObjectStoreSpec } from "../../../components/kubernetes/object-store";
import { capture } from "../../support/harness";
import { runs } from "../../support/fast-check";

const spec = (overrides: Partial<ObjectStoreSpec> = {}): ObjectStoreSpec => ({
    name: "minio",
    namespace: "storage",
    buckets: ["warehouse", "landing", "flink-checkpoints"],
    users: [
        { name: "flink", namespace: "flink", buckets: ["flink-checkpoints", "warehouse"], pods: [{ namespace: "flink", podLabels: { app: "event-count" } }] },
        { name: "lakekeeper", namespace: "lakehouse", buckets: ["warehouse"], pods: [{ namespace: "lakehouse", podLabels: { app: "lakekeeper" } }] },
    ],
    resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    storageSize: "10Gi",
    ...overrides,
});

describe("components/kubernetes/ObjectStore", () => {
    it("property: a user's policy names its own buckets and no other, objects and listing apart", () => {
        const bucket = fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/);
        fc.assert(
            fc.property(fc.uniqueArray(bucket, { minLength: 2, maxLength: 6 }), fc.nat(), (buckets, pick) => {
                const own = buckets.slice(0, 1 + (pick % (buckets.length - 1)));
                const policy = userPolicy({ name: "user", namespace: "ns", buckets: own, pods: [] }) as { Statement: { Resource: string[] }[] };
                const named = policy.Statement.flatMap((s) => s.Resource).map((r) => r.replace(/^arn:aws:s3:::/, "").replace(/\/\*$/, ""));
                assert.deepEqual([...new Set(named)].sort(), [...own].sort());
                assert.deepEqual(policy.Statement[1].Resource, own.map((b) => `arn:aws:s3:::${b}/*`));
            }),
            runs(100),
        );
    });

    it("reports every problem of a spec at once", () => {
        const problems = objectStoreProblems(spec({ buckets: ["Warehouse", "ok-bucket", "ok-bucket"], users: [{ name: "x", namespace: "n", buckets: ["missing"], pods: [] }] }));
        assert.deepEqual(problems, [
            'bucket "Warehouse": expected 3-63 lower-case letters, digits, dots and hyphens',
            "buckets Warehouse, ok-bucket, ok-bucket: expected no repeats",
            'user "x": expected 3-31 lower-case letters, digits and hyphens, starting with a letter',
            'user x: bucket "missing" is not one of the store\'s buckets (Warehouse, ok-bucket, ok-bucket)',
        ]);
    });

    it("names its setup Job by what it sets up: a new bucket or user runs it again, nothing else does", () => {
        assert.equal(setupJobName(spec()), setupJobName(spec({ storageSize: "20Gi" })));
        assert.notEqual(setupJobName(spec()), setupJobName(spec({ buckets: [...spec().buckets, "gold"] })));
        assert.match(setupJobName(spec()), /^minio-setup-[0-9a-f]{10}$/);
        const script = setupScript(spec());
        assert.match(script, /^set -eu\n/);
        assert.match(script, /mc admin user add store flink "\$USER_FLINK_SECRET"/);
        assert.match(script, /grep -q '"policyName":"lakekeeper"' \|\| mc admin policy attach store lakekeeper --user lakekeeper/, "attached once, idempotently");
    });

    it("puts each user's keys in its own namespace and admits only the users' pods and its setup", async () => {
        const captured = await capture(() => new ObjectStore("store", { spec: spec(), provider: new Provider("store-k8s", { kubeconfig: "unused" }) }));
        const secrets = captured.ofType("kubernetes:core/v1:Secret").map((r) => r.inputs as any);
        const flink = secrets.find((s) => s.metadata.name === "minio-flink");
        assert.equal(flink.metadata.namespace, "flink");
        assert.equal(flink.stringData, "[secret]", "the keys are a Pulumi secret");
        const setup = captured.one("kubernetes:batch/v1:Job").inputs as any;
        const keyRefs = setup.spec.template.spec.containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => e.name);
        assert.deepEqual(keyRefs, ["USER_FLINK_SECRET", "USER_LAKEKEEPER_SECRET"], "the setup reads each user's key from a Secret");
        assert.deepEqual(Object.values(S3_CREDENTIAL_KEYS), ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], "the names the AWS SDKs read");
        const set = captured.one("kubernetes:apps/v1:StatefulSet").inputs as any;
        const container = set.spec.template.spec.containers[0];
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.equal(set.spec.template.spec.securityContext.runAsNonRoot, true);
        assert.equal(container.readinessProbe.httpGet.path, "/minio/health/ready");
        const service = captured.one("kubernetes:core/v1:Service").inputs as any;
        assert.equal(service.spec.clusterIP, "None", "the StatefulSet's governing Service is headless");
        const policy = captured.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs as any).find((p) => p.metadata.name === "minio");
        const admitted = policy.spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]);
        assert.deepEqual(admitted, ["flink", "lakehouse", "storage"]);
        assert.deepEqual(policy.spec.egress, []);
    });
});
