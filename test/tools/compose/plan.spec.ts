import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { loadConfig } from "../../../infra/config";
import { readFlinkBuild } from "../../../infra/flink-build";
import { SERVICE_ENDPOINTS } from "../../../infra/services";
import { APP_WORKLOADS, type AppServiceName } from "../../../infra/workloads";
import { rawConfigFrom } from "../../../stacks/stack-config";
import { composeFiles } from "../../../tools/compose/cli";
import { COMPOSE_FILE, COMPOSE_OMITS, CONFIG_HASH_LABEL, planCompose } from "../../../tools/compose/plan";
import { readProjectFile, readStackConfig } from "../../../tools/plan/stack-files";
import { plannedStack, REPO_ROOT } from "../../support/harness";

/** The local stack's config, with `overrides` (keys without prefix) over Pulumi.local.yaml. */
function localConfig(overrides: Record<string, string> = {}) {
    const project = readProjectFile(REPO_ROOT);
    const stack = readStackConfig(REPO_ROOT, project, "local");
    const all = { ...stack.config, ...Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`${project.name}:${k}`, v])) };
    return loadConfig(rawConfigFrom({ project: project.name, stack: "local", all, isSecret: () => false }));
}
const compose = () => parse(fs.readFileSync(path.join(REPO_ROOT, COMPOSE_FILE), "utf8"));
const manifest = (file: string) => parse(fs.readFileSync(path.join(plannedStack("local").outDir, "manifests", file), "utf8"));

describe("tools/compose: compose.yaml from the local stack's declarations", function () {
    this.timeout(180_000);

    it("npm run compose regenerates every checked-in file byte for byte (no drift)", () => {
        for (const [file, text] of Object.entries(composeFiles(REPO_ROOT))) {
            const onDisk = fs.existsSync(path.join(REPO_ROOT, file)) ? fs.readFileSync(path.join(REPO_ROOT, file), "utf8") : "(missing)";
            assert.equal(onDisk, text, `${file} is out of date: run npm run compose`);
        }
    });

    it("validates against the Compose Specification's JSON schema", () => {
        // The Compose Specification's schema as the dclint linter ships it (compose-spec/compose-spec's schema/compose-spec.json).
        const schema = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json"), "utf8"));
        delete schema.$schema;
        const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
        const valid = validate(compose());
        assert.ok(valid, JSON.stringify(validate.errors, null, 2));
        // And the schema can fail: an unknown service key is refused.
        assert.equal(validate({ services: { api: { image: "x", hot_reload: true } } }), false);
    });

    it("publishes each host port once, so every profile starts together", () => {
        const published = Object.entries(compose().services as Record<string, any>).flatMap(([name, service]) => (service.ports ?? []).map((p: string) => [p.split(":")[0], name]));
        const byPort = new Map<string, string[]>();
        for (const [port, name] of published) byPort.set(port, [...(byPort.get(port) ?? []), name]);
        assert.deepEqual([...byPort].filter(([, names]) => names.length > 1), []);
        assert.ok(published.length >= 10);
    });

    it("starts in health order: every dependency waited on as healthy has a health check, every one waited on to complete is a one-shot", () => {
        const services = compose().services as Record<string, any>;
        for (const [name, service] of Object.entries(services)) {
            for (const [dependency, { condition }] of Object.entries<any>(service.depends_on ?? {})) {
                assert.ok(services[dependency], `${name} depends on ${dependency}, which is not a service`);
                if (condition === "service_healthy") assert.ok(services[dependency].healthcheck, `${name} waits for ${dependency} to be healthy, which has no health check`);
                if (condition === "service_completed_successfully") assert.equal(services[dependency].restart, "no", `${name} waits for ${dependency} to complete, which restarts`);
            }
        }
        for (const service of ["api", "worker"]) assert.equal(services[service].depends_on["kafka-init"].condition, "service_completed_successfully");
        assert.deepEqual(Object.keys(services).filter((s) => services[s].profiles?.includes("tools")).sort(), ["kafka-ui", "redis-commander"]);
    });

    for (const service of Object.keys(APP_WORKLOADS) as AppServiceName[]) {
        it(`${service}: the same port, health path and environment names as the local cluster's manifests`, () => {
            const composed = (compose().services as Record<string, any>)[service];
            const deployment = manifest(`apps.deployment.${service}.yaml`);
            const container = deployment.spec.template.spec.containers[0];
            const port = container.ports[0].containerPort;
            assert.equal(port, SERVICE_ENDPOINTS[service].port);
            assert.deepEqual(composed.ports, [`${port}:${port}`]);
            assert.equal(composed.environment.PORT, String(port));
            const probePath = (container.readinessProbe ?? container.livenessProbe).httpGet.path;
            assert.ok(composed.healthcheck.test.join(" ").includes(`http://127.0.0.1:${port}${probePath}`), `compose checks ${probePath}`);
            // The cluster's names: plain env, the ConfigMap's keys, the Secret's keys.
            const configMap = fs.existsSync(path.join(plannedStack("local").outDir, "manifests", `apps.configmap.${service}.yaml`)) ? manifest(`apps.configmap.${service}.yaml`).data ?? {} : {};
            const secretFile = path.join(plannedStack("local").outDir, "manifests", `apps.secret.${service}.yaml`);
            const secret = fs.existsSync(secretFile) ? { ...(manifest(`apps.secret.${service}.yaml`).stringData ?? {}), ...(manifest(`apps.secret.${service}.yaml`).data ?? {}) } : {};
            const cluster = new Set([...(container.env ?? []).map((e: any) => e.name), ...Object.keys(configMap), ...Object.keys(secret)]);
            const composeNames = new Set(Object.keys(composed.environment).filter((name) => name !== "PORT"));
            assert.deepEqual([...composeNames].filter((n) => !cluster.has(n)).sort(), [], "compose sets nothing the cluster does not");
            assert.deepEqual([...cluster].filter((n) => !composeNames.has(n) && !(n in COMPOSE_OMITS)).sort(), [], "compose sets everything the cluster does, but the documented omissions");
        });
    }

    it("kafka-init creates exactly the local stack's topics, with their partitions and configuration", () => {
        const script: string = (compose().services as Record<string, any>)["kafka-init"].command[2];
        const created = script
            .split("\n")
            .filter((line) => line.includes("--create"))
            .map((line) => ({
                name: /--topic (\S+)/.exec(line)![1],
                partitions: Number(/--partitions (\d+)/.exec(line)![1]),
                config: Object.fromEntries([...line.matchAll(/--config (\S+)=(\S+)/g)].map((m) => [m[1], m[2]])),
            }));
        const planned = plannedStack("local")
            .plan.resources.filter((r: any) => r.type === "kafka:index/topic:Topic")
            .map((r: any) => ({ name: r.inputs.name, partitions: r.inputs.partitions, config: r.inputs.config }));
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        assert.ok(planned.length >= 4);
        assert.deepEqual(created.sort(byName), planned.sort(byName));
    });

    it("changing one service's settings changes only that service's configuration hash (only it restarts)", () => {
        const hashes = (overrides: Record<string, string>) =>
            Object.fromEntries(Object.entries(planCompose(localConfig(overrides), readFlinkBuild(REPO_ROOT)).compose.services as Record<string, any>).map(([name, s]) => [name, s.labels[CONFIG_HASH_LABEL]]));
        const base = hashes({});
        const changed = (overrides: Record<string, string>) => {
            const after = hashes(overrides);
            return Object.keys(base).filter((name) => base[name] !== after[name]);
        };
        assert.deepEqual(changed({ redisEvictionPolicy: "allkeys-lfu" }), ["redis"]);
        // The job's checkpoint interval: its two Flink processes (the alert threshold is a file Prometheus reads).
        assert.deepEqual(changed({ flinkCheckpointIntervalSeconds: "120" }), ["event-count-jobmanager", "event-count-taskmanager"]);
        assert.deepEqual(changed({}), []);
    });
});
