import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { FlinkJob, planFlinkDeployment, type FlinkJobSpec } from "../../../components/kubernetes/flink-job";
import { FLINK_OPERATOR_CHART, FlinkOperator } from "../../../components/kubernetes/flink-operator";
import { capture, valueOf } from "../../support/harness";

const SPEC: FlinkJobSpec = {
    name: "event-count",
    namespace: "flink",
    jarURI: "local:///opt/flink/usrlib/event-count-job.jar",
    parallelism: 2,
    checkpointIntervalSeconds: 30,
    jobManager: { replicas: 2, cpu: 1, memory: "2048m" },
    taskManager: { cpu: 2, memory: "4096m", slots: 2 },
    serviceAccount: "flink",
    env: { INPUT_TOPIC: "web.event.received" },
    egress: [],
};
const IMAGE = `acr.azurecr.io/flink-job:c-0123456789abcdef0123@sha256:${"c".repeat(64)}`;

describe("components/kubernetes/FlinkOperator and FlinkJob", () => {
    it("installs the pinned operator chart watching its namespace, webhook off", async () => {
        const captured = await capture(() => new FlinkOperator("op", { namespace: "flink", jobServiceAccount: "flink", jobWorkloadIdentityClientId: "cid", provider: new Provider("op-k8s", { kubeconfig: "unused" }) }));
        const release = captured.one("kubernetes:helm.sh/v3:Release").inputs as any;
        assert.equal(release.chart, FLINK_OPERATOR_CHART.name);
        assert.match(release.version, /^\d+\.\d+\.\d+$/);
        assert.deepEqual(release.values.watchNamespaces, ["flink"]);
        assert.equal(release.values.webhook.create, false);
        assert.deepEqual(release.values.jobServiceAccount, { create: true, name: "flink", annotations: { "helm.sh/resource-policy": "keep", "azure.workload.identity/client-id": "cid" } });
    });

    it("plans RocksDB, incremental checkpoints at the interval, abfss checkpoint/savepoint/HA dirs and savepoint upgrades", async () => {
        const manifest = planFlinkDeployment(SPEC, { image: IMAGE, storageAccount: "chkacct", storageAuth: { mode: "workload-identity", clientId: "cid", tenantId: "tid" } });
        const config: Record<string, string> = await valueOf(manifest.spec.flinkConfiguration);
        assert.equal(config["state.backend.type"], "rocksdb");
        assert.equal(config["execution.checkpointing.incremental"], "true");
        assert.equal(config["execution.checkpointing.interval"], "30s");
        assert.equal(config["state.checkpoints.dir"], "abfss://flink-checkpoints@chkacct.dfs.core.windows.net/event-count/checkpoints");
        assert.equal(config["state.savepoints.dir"], "abfss://flink-savepoints@chkacct.dfs.core.windows.net/event-count/savepoints");
        assert.equal(config["high-availability.type"], "kubernetes");
        assert.equal(config["high-availability.storageDir"], "abfss://flink-checkpoints@chkacct.dfs.core.windows.net/event-count/ha");
        assert.equal(config["fs.azure.account.oauth.provider.type.chkacct.dfs.core.windows.net"], "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider");
        assert.deepEqual(manifest.spec.job, { jarURI: SPEC.jarURI, parallelism: 2, upgradeMode: "savepoint", state: "running" });
        assert.deepEqual(manifest.spec.podTemplate.metadata.labels, { "azure.workload.identity/use": "true" });
    });

    it("with account-key auth, keeps the key in a Secret the pods read, never in the FlinkDeployment", async () => {
        const captured = await capture(() => {
            const provider = new Provider("job-k8s", { kubeconfig: "unused" });
            const operator = new (class extends pulumi.CustomResource {})("test:index:Operator", "operator-stand-in", {});
            return new FlinkJob("job", { spec: SPEC, image: IMAGE, storage: { account: "chkacct", auth: { mode: "account-key", key: "super-secret-key" } }, operator, provider });
        });
        const deployment = captured.one("kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        assert.ok(!JSON.stringify(deployment.inputs).includes("super-secret-key"));
        const env = (deployment.inputs as any).spec.podTemplate.spec.containers[0].env as { name: string; valueFrom?: unknown; value?: string }[];
        assert.deepEqual(env.find((e) => e.name === "AZURE_STORAGE_KEY")?.valueFrom, { secretKeyRef: { name: "flink-event-count-storage", key: "key" } });
        assert.equal(env.find((e) => e.name === "FLINK_PROPERTIES")?.value, "fs.azure.account.key.chkacct.dfs.core.windows.net: $(AZURE_STORAGE_KEY)");
        assert.equal(captured.one("kubernetes:core/v1:Secret").inputs.stringData, "[secret]");
        const dependencies = deployment.dependencies.map((urn) => urn.split("::").pop());
        assert.ok(dependencies.includes("operator-stand-in") && dependencies.includes("job-storage-key"), dependencies.join(", "));
    });

    it("refuses a job spec that cannot run, naming every problem", () => {
        assert.throws(
            () => planFlinkDeployment({ ...SPEC, parallelism: 0, jarURI: "https://example.com/job.jar" }, { image: IMAGE, storageAccount: "a", storageAuth: { mode: "workload-identity", clientId: "c", tenantId: "t" } }),
            /invalid Flink job "event-count": parallelism 0: expected at least 1; jarURI https:\/\/example.com\/job.jar: expected a local:\/\/ path inside the job image/,
        );
    });
});
