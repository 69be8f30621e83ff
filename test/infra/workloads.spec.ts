import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { SERVICE_ENDPOINTS, SERVICE_IMAGES } from "../../infra/services";
import { APP_WORKLOADS, LAKEHOUSE, NAMESPACES, WORKLOAD_SERVICE_ACCOUNTS } from "../../infra/workloads";
import { differences } from "../../tools/plan/diff";
import { REDIS_NAME } from "../../components/kubernetes/redis";
import { RATIFY_SERVICE_ACCOUNT } from "../../components/azure/image-verification";
import { plannedStack, REPO_ROOT, runPlanCli, writeStackFile } from "../support/harness";

/** The uid of the last USER of the stage an image is built for. */
function imageUid(service: keyof typeof SERVICE_IMAGES): number {
    const spec: { context: string; dockerfile?: string; target: string } = SERVICE_IMAGES[service];
    const text = fs.readFileSync(path.join(REPO_ROOT, spec.context, spec.dockerfile ?? "Dockerfile"), "utf8");
    let stage = "";
    const users = new Map<string, string>();
    const parents = new Map<string, string>();
    for (const instruction of DockerfileParser.parse(text).getInstructions()) {
        const args = instruction.getArgumentsContent() ?? "";
        if (instruction.getKeyword() === "FROM") {
            const match = /^(\S+)\s+AS\s+(\S+)$/i.exec(args.trim());
            stage = match ? match[2] : args;
            if (match) parents.set(stage, match[1]);
        } else if (instruction.getKeyword() === "USER") {
            users.set(stage, args.trim());
        }
    }
    for (let s: string | undefined = spec.target; s; s = parents.get(s)) {
        const user = users.get(s);
        if (user) return Number(user.split(":")[0]);
    }
    return 0;
}

describe("infra/workloads", () => {
    for (const service of Object.keys(APP_WORKLOADS) as (keyof typeof APP_WORKLOADS)[]) {
        it(`${service}: the pod runs as the uid its image declares, on the port its image serves`, () => {
            assert.equal(APP_WORKLOADS[service].uid, imageUid(service));
            assert.ok(service in SERVICE_ENDPOINTS);
        });
    }

    it("each workload identity's federated ServiceAccount is the one its pods run as", () => {
        for (const [service, account] of Object.entries(WORKLOAD_SERVICE_ACCOUNTS)) {
            if (service in APP_WORKLOADS) {
                const workload = APP_WORKLOADS[service as keyof typeof APP_WORKLOADS];
                // AppService names its ServiceAccount after the service, in the workload's namespace
                // (the Key Vault provider reads its secrets as that account, whether or not its pods
                // call Azure themselves: workloadIdentity).
                assert.deepEqual(account, { namespace: workload.namespace, name: service });
            } else if (service === "redis") {
                assert.deepEqual(account, { namespace: NAMESPACES.data.name, name: REDIS_NAME }, "Redis's own account (its StatefulSet runs as it)");
            } else if (service === "ratify") {
                assert.deepEqual(account, RATIFY_SERVICE_ACCOUNT, "the Ratify chart's account");
            } else if (service === "flink") {
                assert.equal(account.namespace, NAMESPACES.flink.name, `${service}: the Flink jobs' account`);
            } else {
                // The lakehouse's: the catalog and the table jobs, named as the objects that run as them.
                assert.equal(account.namespace, NAMESPACES.lakehouse.name, service);
                assert.ok([LAKEHOUSE.catalog, LAKEHOUSE.tableJobs].includes(account.name as never), service);
            }
        }
    });
});

describe("infra/workloads rollouts (whole program)", function () {
    this.timeout(240_000);

    /** A dev stack on an external Kafka, where each service's credentials are a setting of its own. */
    const externalKafka = (apiUsername: string) =>
        writeStackFile({
            kafkaMode: "external",
            kafkaAdminSourceRanges: [],
            kafkaBootstrapServers: ["kafka-1.example.com:9093"],
            kafkaSaslMechanism: "plain",
            kafkaAdminUsername: "platform-admin",
            kafkaAdminPassword: { secure: "v1:AAAA" },
            kafkaServiceCredentials: Object.fromEntries(
                (["api", "worker", "event-count"] as const).map((service) => [
                    service,
                    { username: service === "api" ? apiUsername : `${service}-key`, password: { secure: "v1:BBBB" }, principal: `User:sa-${service}` },
                ]),
            ),
        });

    it("a setting only the api reads rolls the api's pods and nothing else (but the smoke test after it): no other resource's inputs change", () => {
        const plan = (apiUsername: string) => {
            const run = runPlanCli(["--stack", "dev", "--stack-file", externalKafka(apiUsername), "--quiet", "--no-policy"]);
            assert.equal(run.code, 0, run.stderr + run.stdout);
            return new Map<string, { type: string; inputs: unknown }>(run.plan.resources.map((r: { urn: string; type: string; inputs: unknown }) => [r.urn, r]));
        };
        const before = plan("api-key-1");
        const after = plan("api-key-2");
        assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), "the same resources");
        const changed = [...before].flatMap(([urn, resource]) => differences(resource.inputs, after.get(urn)!.inputs).map((p) => `${resource.type} ${urn.split("::").pop()}: ${p}`));
        const apiDeployment = "kubernetes:apps/v1:Deployment app-api-deployment";
        // The api's copy of its Kafka username in Key Vault gets a new version (its value is a secret:
        // no readable inputs), which the api's SecretProviderClass names and the pod template's
        // checksum takes in; the smoke test runs again after it.
        assert.deepEqual(changed, [
            "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass app-api-secret-provider-class: spec.parameters.objects",
            `${apiDeployment}: spec.template.metadata.annotations.checksum/config`,
            "kubernetes:batch/v1:Job smoke-test-job: metadata.name",
        ]);
    });
});

describe("infra: the smoke test that ends every deployment (whole program)", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: checks every app service through its Service, every Flink job and Kafka, after their rollouts`, () => {
            const { plan } = plannedStack(stack);
            const ofType = (type: string) => plan.resources.filter((r: any) => r.type === type);
            const job = ofType("kubernetes:batch/v1:Job").find((r: any) => r.name === "smoke-test-job");
            const checks: { name: string; url?: string; path?: string }[] = JSON.parse(job.inputs.spec.template.spec.containers[0].env.find((e: any) => e.name === "CHECKS").value);
            const services = ofType("kubernetes:core/v1:Service").filter((s: any) => s.inputs.metadata.namespace === "apps");
            assert.ok(services.length > 0);
            for (const service of services) {
                const { name, namespace } = service.inputs.metadata;
                const port = service.inputs.spec.ports[0].port;
                assert.ok(checks.some((c) => c.url?.startsWith(`http://${name}.${namespace}.svc.cluster.local:${port}/`)), `${name} is checked through its Service`);
            }
            for (const flink of ofType("kubernetes:flink.apache.org/v1beta1:FlinkDeployment")) {
                assert.ok(checks.some((c) => c.path === `/apis/flink.apache.org/v1beta1/namespaces/${flink.inputs.metadata.namespace}/flinkdeployments/${flink.inputs.metadata.name}`), flink.name);
            }
            for (const kafka of plan.resources.filter((r: any) => /^kubernetes:kafka\.strimzi\.io\/v1:Kafka$/.test(r.type))) {
                assert.ok(checks.some((c) => c.path === `/apis/kafka.strimzi.io/v1/namespaces/${kafka.inputs.metadata.namespace}/kafkas/${kafka.inputs.metadata.name}`), kafka.name);
            }
            // It runs after what it checks: their outputs make its name.
            const waitsFor = new Set(job.dependencies);
            for (const workload of [...ofType("kubernetes:apps/v1:Deployment").filter((d: any) => d.inputs.metadata.namespace === "apps"), ...ofType("kubernetes:flink.apache.org/v1beta1:FlinkDeployment")]) {
                assert.ok(waitsFor.has(workload.urn), `the Job waits for ${workload.name}`);
            }
        });
    }
});
