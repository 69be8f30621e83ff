/**
 * Selective rebuilds, end to end: copy the project, edit one file of one service, plan again. Only
 * that service's image may change; every other resource's inputs stay byte-identical.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { plannedStack, REPO_ROOT, runPlanCli } from "../support/harness";

interface PlannedResource {
    urn: string;
    type: string;
    inputs: unknown;
}

/** The project as a clone has it: stack files and build contexts, without installed or built output. */
function copyProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-copy-"));
    for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) {
        fs.copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
    }
    fs.cpSync(path.join(REPO_ROOT, "dashboards"), path.join(dir, "dashboards"), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, "apps"), path.join(dir, "apps"), {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|dist|target)$/.test(source),
    });
    return dir;
}

describe("infra images (whole program)", function () {
    this.timeout(120_000);

    it("plans one docker-build Image per service: registry cache from/to :buildcache (mode max), content tag, push to the stack's registry", () => {
        const run = plannedStack("dev");
        const images = run.plan.resources.filter((r: PlannedResource) => r.type === "docker-build:index:Image");
        const registry = run.plan.outputs.registryLoginServer as string;
        assert.deepEqual(images.map((i: PlannedResource & { name: string }) => i.name).sort(), ["image-api-image", "image-flink-job-image", "image-frontend-image", "image-worker-image"]);
        for (const image of images) {
            const inputs = image.inputs;
            const repo = `${registry}/${inputs.labels["org.opencontainers.image.title"]}`;
            assert.equal(inputs.push, true);
            assert.deepEqual(inputs.tags, [`${repo}:${inputs.labels["org.opencontainers.image.version"]}`]);
            assert.match(inputs.tags[0], /:c-[0-9a-f]{20}$/);
            assert.equal(inputs.cacheFrom[0].registry.ref, `${repo}:buildcache`);
            assert.equal(inputs.cacheTo[0].registry.mode, "max");
            assert.equal(inputs.registries[0].address, registry);
        }
        for (const ref of Object.values(run.plan.outputs.images as Record<string, string>)) {
            assert.match(ref, /:c-[0-9a-f]{20}@sha256:[0-9a-f]{64}$/);
        }
    });

    it("editing one file of apps/api changes only the api image's tag and ref, and rolls only the api Deployment", () => {
        const base = plannedStack("dev");
        const copy = copyProject();
        fs.appendFileSync(path.join(copy, "apps", "api", "src", "server.ts"), "\n// edited\n");
        const edited = runPlanCli(["--stack", "dev", "--project-dir", copy, "--no-policy"]);
        assert.equal(edited.code, 0, edited.stderr + edited.stdout);

        const inputsByUrn = (plan: { resources: PlannedResource[] }) => new Map(plan.resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
        const before = inputsByUrn(base.plan);
        const after = inputsByUrn(edited.plan);
        assert.deepEqual([...after.keys()], [...before.keys()]);
        const changed = [...before.keys()].filter((urn) => before.get(urn) !== after.get(urn));
        // The api image, and the one Deployment that runs it: nothing else rebuilds or rolls.
        assert.deepEqual(changed.map((urn) => urn.split("::").pop()), ["image-api-image", "app-api-deployment"]);

        const [beforeImages, afterImages] = [base.plan.outputs.images, edited.plan.outputs.images] as Record<string, string>[];
        assert.notEqual(afterImages.api, beforeImages.api);
        for (const service of ["worker", "frontend", "flink-job"]) {
            assert.equal(afterImages[service], beforeImages[service], service);
        }
        fs.rmSync(copy, { recursive: true, force: true });
    });
});
