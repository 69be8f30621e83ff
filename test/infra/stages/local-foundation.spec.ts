import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { MINIO } from "../../../components/kubernetes/object-store";
import { KUBE_PROMETHEUS_STACK_CHART } from "../../../components/observability/cluster-monitoring";
import { checkLocalCluster, resolveContext } from "../../../infra/local-cluster";
import { LAKEHOUSE, NAMESPACES, WORKLOAD_SERVICE_ACCOUNTS } from "../../../infra/workloads";
import { originalFetch } from "../../../tools/plan/recorder";
import { plannedStack, runPlanCli, writeStackFile } from "../../support/harness";

type Resource = { type: string; name: string; urn: string; inputs: any; dependencies: string[]; provider?: string };
const resources = (stack: "local" | "dev"): Resource[] => plannedStack(stack).plan.resources;
const ofType = (stack: "local" | "dev", type: string) => resources(stack).filter((r) => r.type === type);
const named = (stack: "local" | "dev", type: string, name: string) => {
    const found = ofType(stack, type).filter((r) => r.name === name);
    assert.equal(found.length, 1, `${type} ${name}`);
    return found[0];
};

const kubeconfig = (context: string, server: string) => ({
    file: "/home/dev/.kube/config",
    text: ["apiVersion: v1", "clusters:", "- name: kind-platform", "  cluster:", `    server: ${server}`, "contexts:", `- name: ${context}`, "  context:", "    cluster: kind-platform", ""].join("\n"),
});

describe("infra/stages/local-foundation: the local stack (whole program)", function () {
    this.timeout(180_000);

    it("plans with exit 0, no Azure resource, function or credential, and no mandatory violation", () => {
        const run = plannedStack("local");
        assert.equal(run.code, 0, run.stderr + run.stdout);
        const azure = run.plan.resources.filter((r: Resource) => r.type.startsWith("azure-native:") || r.type === "pulumi:providers:azure-native");
        assert.deepEqual(azure.map((r: Resource) => r.name), []);
        assert.ok(run.plan.invokes.every((token: string) => !token.startsWith("azure-native:")), run.plan.invokes.join(", "));
        assert.match(run.stdout, /0 mandatory, \d+ advisory violation/);
        // Every Kubernetes object goes to the local cluster's provider, with its context.
        const provider = named("local", "pulumi:providers:kubernetes", "local-cluster");
        assert.equal(provider.inputs.context, "kind-platform");
        assert.ok(ofType("local", "kubernetes:apps/v1:Deployment").every((r) => r.provider?.startsWith(provider.urn)));
    });

    it("stands MinIO in for the lake and Flink's state: the same buckets, a user per former workload identity with its own buckets only", () => {
        const setup = ofType("local", "kubernetes:batch/v1:Job").find((r) => r.name === "object-store-setup")!;
        const script: string = setup.inputs.spec.template.spec.containers[0].command[2];
        for (const bucket of ["warehouse", "landing", "flink-checkpoints", "flink-savepoints"]) assert.match(script, new RegExp(`mc mb --ignore-existing store/${bucket}\\n`));
        const policy = (user: string) => JSON.parse(/printf '%s' '([^']+)' > \/tmp\/(\S+)\.json/g.exec(script.split("\n").find((l) => l.includes(`/tmp/${user}.json`))!)![1]);
        assert.deepEqual(policy(WORKLOAD_SERVICE_ACCOUNTS.catalog.name).Statement[1].Resource, ["arn:aws:s3:::warehouse/*"]);
        assert.deepEqual(policy(WORKLOAD_SERVICE_ACCOUNTS.flink.name).Statement[1].Resource, ["arn:aws:s3:::flink-checkpoints/*", "arn:aws:s3:::flink-savepoints/*", "arn:aws:s3:::warehouse/*"]);
        const flink = named("local", "kubernetes:flink.apache.org/v1beta1:FlinkDeployment", "flink-event-count-deployment").inputs.spec;
        assert.equal(flink.flinkConfiguration["state.checkpoints.dir"], "s3://flink-checkpoints/event-count/checkpoints");
        assert.equal(flink.flinkConfiguration["s3.endpoint"], `http://minio.storage.svc.cluster.local:${MINIO.port}`);
        const env = flink.podTemplate.spec.containers[0].env;
        assert.deepEqual(env.find((e: any) => e.name === "AWS_SECRET_ACCESS_KEY").valueFrom.secretKeyRef, { name: "minio-flink", key: "AWS_SECRET_ACCESS_KEY" });
        assert.equal(flink.podTemplate.metadata.labels["azure.workload.identity/use"], undefined, "no workload identity off Azure");
        // The catalog's warehouse is created on the store with the catalog's keys; PostgreSQL runs beside it.
        const sync = named("local", "kubernetes:batch/v1:Job", "lake-tables-sync").inputs.spec.template.spec.containers[0].env;
        const value = (name: string) => sync.find((e: any) => e.name === name);
        assert.equal(value("WAREHOUSE_S3_BUCKET").value, LAKEHOUSE.containers.warehouse);
        assert.deepEqual(value("WAREHOUSE_S3_ACCESS_KEY_ID").valueFrom.secretKeyRef, { name: "minio-lakekeeper", key: "AWS_ACCESS_KEY_ID" });
        const config = named("local", "kubernetes:core/v1:ConfigMap", "catalog-config").inputs.data;
        assert.equal(config.LAKEKEEPER__PG_HOST_W, `lakekeeper-db.${NAMESPACES.lakehouse.name}.svc.cluster.local`);
        assert.equal(config.LAKEKEEPER__ENABLE_AZURE_SYSTEM_CREDENTIALS, undefined);
    });

    it("runs Prometheus and Grafana in the cluster with the alert rules of the Azure stacks and the same dashboards", () => {
        const release = named("local", "kubernetes:helm.sh/v3:Release", "monitoring-stack").inputs;
        assert.equal(release.chart, KUBE_PROMETHEUS_STACK_CHART.name);
        assert.equal(release.version, KUBE_PROMETHEUS_STACK_CHART.version);
        const local = ofType("local", "kubernetes:monitoring.coreos.com/v1:PrometheusRule").flatMap((r) => r.inputs.spec.groups[0].rules.map((rule: any) => [rule.alert, rule.expr]));
        const azure = ofType("dev", "azure-native:alertsmanagement:PrometheusRuleGroup").flatMap((r) => r.inputs.rules.map((rule: any) => [rule.alert, rule.expression]));
        assert.ok(local.length > 10);
        assert.deepEqual(local.sort(), azure.sort(), "the same alerts with the same expressions");
        assert.ok(ofType("local", "kubernetes:core/v1:ConfigMap").some((r) => r.name === "monitoring-dashboard-platform-overview" && r.inputs.metadata.labels.grafana_dashboard === "1"));
        // The PodMonitors are the prometheus-operator's, and every scraped workload admits the in-cluster Prometheus.
        assert.ok(ofType("local", "kubernetes:monitoring.coreos.com/v1:PodMonitor").length >= 5);
        assert.deepEqual(ofType("local", "kubernetes:azmonitoring.coreos.com/v1:PodMonitor"), []);
        const api = named("local", "kubernetes:networking.k8s.io/v1:NetworkPolicy", "app-api-network-policy").inputs.spec;
        assert.ok(JSON.stringify(api.ingress).includes('"kubernetes.io/metadata.name":"monitoring"'));
    });

    it("pushes the images to the local cluster's registry without a login, and puts the dev tools behind the flag", () => {
        for (const image of ofType("local", "docker-build:index:Image")) {
            assert.match(image.inputs.tags[0], /^localhost:5001\//);
            assert.equal(image.inputs.registries, undefined);
        }
        assert.ok(ofType("local", "kubernetes:apps/v1:Deployment").some((r) => r.name === "dev-tools-kafka-ui"));
        const off = runPlanCli(["--stack", "local", "--quiet", "--no-policy", "--stack-file", writeStackFile({ profile: "local", kubeContext: "kind-platform", localDevTools: false, kafkaAdminSourceRanges: [] })]);
        assert.equal(off.code, 0, off.stderr + off.stdout);
        assert.deepEqual(off.plan.resources.filter((r: Resource) => r.name.startsWith("dev-tools")).map((r: Resource) => r.name), []);
    });

    it("refuses Azure keys in a local stack and local keys in an Azure stack, naming each", () => {
        const local = runPlanCli(["--stack", "local", "--quiet", "--no-policy", "--stack-file", writeStackFile({ profile: "local", kubeContext: "kind-platform", kafkaAdminSourceRanges: [], location: "northeurope", systemNodeVmSize: "Standard_D8s_v5" })]);
        assert.equal(local.code, 2);
        assert.match(local.stderr, /location = "northeurope": expected no value: location is for azure stacks, and the local profile runs on a local cluster/);
        assert.match(local.stderr, /systemNodeVmSize = "Standard_D8s_v5": expected no value/);
        assert.match(local.stderr, /Fix: pulumi config rm --stack local location/);
        const dev = runPlanCli(["--stack", "dev", "--quiet", "--no-policy", "--stack-file", writeStackFile({ kubeContext: "kind-platform" })]);
        assert.equal(dev.code, 2);
        assert.match(dev.stderr, /kubeContext = "kind-platform": expected no value: kubeContext is for local stacks, and the dev profile runs on Azure/);
        const missing = runPlanCli(["--stack", "local", "--quiet", "--no-policy", "--stack-file", writeStackFile({ profile: "local", kafkaAdminSourceRanges: [] })]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /kubeContext = \(not set\): expected a value: the local profile requires it/);
    });

    it("changing one workload's setting changes only that workload's pod template (redisEvictionPolicy: Redis alone)", () => {
        const templates = (run: { plan: any }) =>
            Object.fromEntries(
                run.plan.resources
                    .filter((r: Resource) => ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:flink.apache.org/v1beta1:FlinkDeployment"].includes(r.type))
                    .map((r: Resource) => [r.name, JSON.stringify(r.inputs.spec.template ?? r.inputs.spec.podTemplate)]),
            );
        const stackFile = (policy: string) => writeStackFile({ profile: "local", kubeContext: "kind-platform", localDevTools: true, kafkaAdminSourceRanges: [], redisEvictionPolicy: policy });
        const before = templates(runPlanCli(["--stack", "local", "--quiet", "--no-policy", "--stack-file", stackFile("allkeys-lru")]));
        const after = templates(runPlanCli(["--stack", "local", "--quiet", "--no-policy", "--stack-file", stackFile("allkeys-lfu")]));
        assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
        assert.deepEqual(Object.keys(before).filter((name) => before[name] !== after[name]), ["redis-statefulset"]);
    });
});

describe("infra/local-cluster: the kube context check", () => {
    it("names the missing context, the kubeconfig files and the contexts there are", () => {
        const resolved = resolveContext("kind-platfrom", [kubeconfig("kind-platform", "https://127.0.0.1:6443")]);
        assert.ok("problem" in resolved);
        assert.match(resolved.problem, /kubeContext "kind-platfrom" is not a context of your kubeconfig \(\/home\/dev\/\.kube\/config; contexts: kind-platform\)/);
        const none = resolveContext("x", []);
        assert.ok("problem" in none && /\(\(none found\); contexts: none\)/.test(none.problem), JSON.stringify(none));
        assert.deepEqual(resolveContext("kind-platform", [kubeconfig("kind-platform", "https://127.0.0.1:6443")]), { server: "https://127.0.0.1:6443" });
    });

    it("passes when the API server answers, and names the context and server when nothing listens there (real sockets)", async () => {
        const server = http.createServer((_, response) => response.end('{"major":"1"}'));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
            // Node's own fetch: this process's mock runtime puts the offline plan's stand-in in globalThis.fetch.
            assert.equal(await checkLocalCluster("kind-platform", [kubeconfig("kind-platform", url)], originalFetch), url);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
        // The port is closed now: connection refused.
        await assert.rejects(checkLocalCluster("kind-platform", [kubeconfig("kind-platform", url)], originalFetch), (error: Error) => {
            assert.match(error.message, new RegExp(`kubeContext "kind-platform": its API server ${url.replace(/\./g, "\\.")} does not answer \\(ECONNREFUSED\\)`));
            assert.match(error.message, /kubectl --context kind-platform get nodes/);
            return true;
        });
    });
});
