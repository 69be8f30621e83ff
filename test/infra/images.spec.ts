/**
 * Selective rebuilds, end to end: copy the project, edit one file of one service, plan again. Only
 * that service's image may change; every other resource's inputs stay byte-identical.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commitMismatch } from "../../infra/stages/identities-and-images";
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
        assert.deepEqual(images.map((i: PlannedResource & { name: string }) => i.name).sort(), ["image-api-image", "image-flink-job-image", "image-frontend-image", "image-smoke-image", "image-worker-image"]);
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

    it("prod builds nothing: it imports the digests dev built into its own registry and runs exactly those, under the same tags", () => {
        const dev = plannedStack("dev").plan;
        const prod = plannedStack("prod").plan;
        assert.deepEqual(prod.resources.filter((r: PlannedResource) => r.type.startsWith("docker-build:")), [], "no docker-build resource in prod");
        /** Each workload's image as `<repository>:<tag>@<digest>` (its registry apart) and the registry. */
        const images = (plan: typeof dev) =>
            Object.fromEntries(
                plan.resources
                    .filter((r: PlannedResource) => ["kubernetes:apps/v1:Deployment", "kubernetes:flink.apache.org/v1beta1:FlinkDeployment"].includes(r.type))
                    .map((r: PlannedResource & { name: string; inputs: any }) => [r.name, (r.inputs.spec.template?.spec.containers[0].image ?? r.inputs.spec.image) as string])
                    .filter(([, image]: [string, string]) => image.includes(".azurecr.io/")),
            );
        const devImages = images(dev);
        const prodImages = images(prod);
        assert.deepEqual(Object.keys(prodImages).sort(), Object.keys(devImages).sort());
        for (const [workload, ref] of Object.entries(prodImages) as [string, string][]) {
            const [registry, ...rest] = ref.split("/");
            assert.equal(registry, prod.outputs.registryLoginServer, `${workload} runs from prod's registry`);
            assert.equal(rest.join("/"), devImages[workload].split("/").slice(1).join("/"), `${workload} runs dev's tag and digest`);
        }
        // The service images' imports (the mirrored third-party images are imported too, under mirror/).
        const imports = prod.resources.filter((r: PlannedResource) => r.type === "command:local:Command" && /^az acr import /.test((r.inputs as any).create) && !/--image 'mirror\//.test((r.inputs as any).create));
        assert.equal(imports.length, Object.keys(dev.outputs.images as object).length, "one import per image dev built");
        for (const ref of Object.values(dev.outputs.images as Record<string, string>)) {
            const [repository, digest] = [ref.split("/").slice(1).join("/").split(":")[0], ref.split("@")[1]];
            assert.ok(imports.some((c: PlannedResource) => ((c.inputs as any).create as string).includes(`--source '${repository}@${digest}'`)), `${repository}@${digest} is imported`);
        }
    });

    it("editing one file of apps/api changes only the api image's tag and ref, and rolls only the api Deployment; reverting it plans the previous deployment exactly", () => {
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
        // The api image, its signature (a new digest is signed again) and the one Deployment that runs
        // it (nothing else rebuilds or rolls), and the smoke test's Job: a deployment that changed
        // something is checked again.
        assert.deepEqual(changed.map((urn) => urn.split("::").pop()), ["image-api-image", "sign-image-api-sign", "app-api-deployment", "smoke-test-job"]);

        // The way back: the previous commit's content asks for exactly what was deployed before it.
        fs.writeFileSync(path.join(copy, "apps", "api", "src", "server.ts"), fs.readFileSync(path.join(REPO_ROOT, "apps", "api", "src", "server.ts")));
        const reverted = runPlanCli(["--stack", "dev", "--project-dir", copy, "--no-policy"]);
        assert.equal(reverted.code, 0, reverted.stderr + reverted.stdout);
        const back = inputsByUrn(reverted.plan);
        assert.deepEqual([...back.keys()].filter((urn) => back.get(urn) !== before.get(urn)), [], "reverting the change plans the previous deployment exactly");

        const [beforeImages, afterImages] = [base.plan.outputs.images, edited.plan.outputs.images] as Record<string, string>[];
        assert.notEqual(afterImages.api, beforeImages.api);
        for (const service of ["worker", "frontend", "flink-job", "smoke"]) {
            assert.equal(afterImages[service], beforeImages[service], service);
        }
        fs.rmSync(copy, { recursive: true, force: true });
    });
});

describe("infra images: promotion checks the commit", () => {
    const DEV = "a".repeat(40);
    const PROD = "b".repeat(40);

    it("goes ahead when the commits agree or either side does not say", () => {
        assert.equal(commitMismatch(DEV, DEV, "dev"), undefined);
        assert.equal(commitMismatch("", DEV, "dev"), undefined);
        assert.equal(commitMismatch(PROD, undefined, "dev"), undefined);
        assert.equal(commitMismatch(PROD, "", "dev"), undefined);
    });

    it("stops when this stack deploys another commit than the one the images came from, naming both and the fix", () => {
        assert.equal(
            commitMismatch(PROD, DEV, "dev"),
            `this stack deploys commit ${PROD}, but dev's images come from commit ${DEV} (dev deployed again since this promotion started); run the promotion again: it checks out the commit dev deployed`,
        );
    });
});
