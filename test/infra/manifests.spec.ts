/**
 * Every Kubernetes object the plan renders (manifests/) validates against the Kubernetes schemas,
 * for dev and prod; and the objects the workloads issue asks for are there.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { schemaProblems } from "../support/kubernetes-schemas";
import { plannedStack } from "../support/harness";

function manifests(stack: "local" | "dev" | "prod"): Map<string, any> {
    const run = plannedStack(stack);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const dir = path.join(run.outDir, "manifests");
    return new Map(fs.readdirSync(dir).map((file) => [file, parse(fs.readFileSync(path.join(dir, file), "utf8"))]));
}

describe("infra manifests (whole program)", function () {
    this.timeout(120_000);

    for (const stack of ["local", "dev", "prod"] as const) {
        it(`${stack}: every rendered Kubernetes object validates against its schema`, async () => {
            const objects = manifests(stack);
            assert.ok(objects.size > 30, `${objects.size} objects`);
            const failures: string[] = [];
            for (const [file, object] of objects) {
                for (const problem of await schemaProblems(object)) {
                    failures.push(`${file}: ${problem}`);
                }
            }
            assert.deepEqual(failures, []);
        });
    }

    it("prod: app services, Redis and the FlinkDeployment with its checkpoints on the lake", () => {
        const objects = manifests("prod");
        for (const service of ["api", "worker", "frontend"]) {
            for (const kind of ["deployment", "service", "horizontalpodautoscaler", "poddisruptionbudget", "networkpolicy", "serviceaccount", "configmap"]) {
                assert.ok(objects.has(`apps.${kind}.${service}.yaml`), `apps.${kind}.${service}.yaml`);
            }
        }
        for (const kind of ["statefulset", "service", "poddisruptionbudget", "networkpolicy"]) {
            assert.ok(objects.has(`data.${kind}.redis.yaml`), `data.${kind}.redis.yaml`);
        }
        assert.equal(objects.get("data.service.redis.yaml").spec.clusterIP, "None");
        const flink = objects.get("flink.flinkdeployment.event-count.yaml");
        assert.match(flink.spec.flinkConfiguration["state.checkpoints.dir"], /^abfss:\/\/flink-checkpoints@[a-z0-9]+\.dfs\.core\.windows\.net\//);
        assert.equal(flink.spec.job.upgradeMode, "savepoint");
        assert.equal(flink.spec.flinkConfiguration["high-availability.type"], "kubernetes");
        assert.equal(flink.spec.jobManager.replicas, 2);
        const release = plannedStack("prod").plan.resources.find((r: { type: string }) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.equal(release.inputs.chart, "flink-kubernetes-operator");
        assert.equal(release.inputs.values.webhook.create, false);
    });

    it("dev: one replica per app service and no PDB for them, a single TaskManager slot, a single JobManager", () => {
        const objects = manifests("dev");
        for (const service of ["api", "worker", "frontend"]) {
            assert.equal(objects.get(`apps.horizontalpodautoscaler.${service}.yaml`).spec.minReplicas, 1);
            assert.ok(!objects.has(`apps.poddisruptionbudget.${service}.yaml`));
        }
        const flink = objects.get("flink.flinkdeployment.event-count.yaml");
        assert.equal(flink.spec.jobManager.replicas, 1);
        assert.equal(flink.spec.flinkConfiguration["taskmanager.numberOfTaskSlots"], "1");
    });
});
