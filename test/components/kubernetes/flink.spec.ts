import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { FlinkJob, operatorFlinkVersion, planFlinkDeployment, type FlinkJobSpec } from "../../../components/kubernetes/flink-job";
import { FLINK_OPERATOR_CHART, FlinkOperator } from "../../../components/kubernetes/flink-operator";
import { capture, valueOf } from "../../support/harness";

const SPEC: FlinkJobSpec = {
    name: "event-count",
    namespace: "flink",
    jarURI: "local:///opt/flink/usrlib/event-count-job.jar",
    flinkVersion: "1.20.4",
    tokenProvider: "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider",
    parallelism: 2,
    checkpointIntervalSeconds: 30,
    jobManager: { replicas: 2, cpu: 1, memory: "2048m" },
    taskManager: { cpu: 2, memory: "4096m", slots: 2 },
    serviceAccount: "flink",
    env: { INPUT_TOPIC: "web.event.received" },
    egress: [],
};
const IMAGE = `acr.azurecr.io/flink-job:c-0123456789abcdef0123@sha256:${"c".repeat(64)}`;
const IDENTITY = { clientId: "cid", tenantId: "tid" };

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

    it("plans RocksDB, incremental checkpoints at the interval, abfss checkpoint/savepoint/HA dirs, savepoint upgrades and periodic savepoints", async () => {
        const manifest = planFlinkDeployment(SPEC, { image: IMAGE, storage: { kind: "adls", account: "chkacct", identity: IDENTITY } });
        const config: Record<string, string> = await valueOf(manifest.spec.flinkConfiguration);
        assert.equal(config["state.backend.type"], "rocksdb");
        assert.equal(config["execution.checkpointing.incremental"], "true");
        assert.equal(config["execution.checkpointing.interval"], "30s");
        assert.equal(config["state.checkpoints.dir"], "abfss://flink-checkpoints@chkacct.dfs.core.windows.net/event-count/checkpoints");
        assert.equal(config["state.savepoints.dir"], "abfss://flink-savepoints@chkacct.dfs.core.windows.net/event-count/savepoints");
        assert.equal(config["high-availability.type"], "kubernetes");
        assert.equal(config["high-availability.storageDir"], "abfss://flink-checkpoints@chkacct.dfs.core.windows.net/event-count/ha");
        assert.equal(config["kubernetes.operator.periodic.savepoint.interval"], "6h");
        assert.equal(manifest.spec.flinkVersion, "v1_20");
        assert.deepEqual(manifest.spec.job, { jarURI: SPEC.jarURI, parallelism: 2, upgradeMode: "savepoint", state: "running" });
    });

    it("authenticates to the checkpoint account with workload identity through the plugin's token provider, with no key anywhere", async () => {
        const manifest = planFlinkDeployment(SPEC, { image: IMAGE, storage: { kind: "adls", account: "chkacct", identity: IDENTITY } });
        const config: Record<string, string> = await valueOf(manifest.spec.flinkConfiguration);
        const host = "chkacct.dfs.core.windows.net";
        assert.deepEqual(
            Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith("fs.azure."))),
            {
                [`fs.azure.account.auth.type.${host}`]: "OAuth",
                [`fs.azure.account.oauth.provider.type.${host}`]: SPEC.tokenProvider,
                [`fs.azure.account.oauth2.msi.tenant.${host}`]: "tid",
                [`fs.azure.account.oauth2.client.id.${host}`]: "cid",
                [`fs.azure.account.oauth2.token.file.${host}`]: "/var/run/secrets/azure/tokens/azure-identity-token",
            },
        );
        assert.deepEqual(manifest.spec.podTemplate.metadata.labels, { "azure.workload.identity/use": "true" });
        const env = manifest.spec.podTemplate.spec.containers[0].env.map((e) => e.name);
        assert.ok(!env.includes("FLINK_PROPERTIES") && !env.some((name) => /KEY/.test(name)), env.join(", "));
    });

    it("the FlinkDeployment waits for the operator and the job's environment Secret, and only that Secret exists", async () => {
        const captured = await capture(() => {
            const provider = new Provider("job-k8s", { kubeconfig: "unused" });
            const operator = new (class extends pulumi.CustomResource {})("test:index:Operator", "operator-stand-in", {});
            return new FlinkJob("job", { spec: { ...SPEC, secretEnv: ["KAFKA_PASSWORD"] }, secrets: { kind: "values", values: { KAFKA_PASSWORD: "pw" } }, image: IMAGE, storage: { kind: "adls", account: "chkacct", identity: IDENTITY }, operator, provider });
        });
        const deployment = captured.one("kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        const secret = captured.one("kubernetes:core/v1:Secret");
        assert.equal((secret.inputs as any).metadata.name, "flink-event-count-env");
        assert.equal(secret.inputs.stringData, "[secret]");
        const dependencies = deployment.dependencies.map((urn) => urn.split("::").pop());
        assert.deepEqual(dependencies.sort(), ["job-env", "operator-stand-in"]);
    });

    it("spells the operator's flinkVersion from the release: 1.20.4 -> v1_20, 2.1.0 -> v2_1; refuses anything else", () => {
        assert.equal(operatorFlinkVersion("1.20.4"), "v1_20");
        assert.equal(operatorFlinkVersion("2.1.0"), "v2_1");
        assert.throws(() => operatorFlinkVersion("1.20"), /Flink release "1.20": expected major.minor.patch/);
    });

    it("refuses a job spec that cannot run, naming every problem", () => {
        assert.throws(
            () => planFlinkDeployment({ ...SPEC, parallelism: 0, jarURI: "https://example.com/job.jar" }, { image: IMAGE, storage: { kind: "adls", account: "a", identity: IDENTITY } }),
            /invalid Flink job "event-count": parallelism 0: expected at least 1; jarURI https:\/\/example.com\/job.jar: expected a local:\/\/ path inside the job image/,
        );
    });
});
