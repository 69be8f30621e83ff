import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BUILD_CACHE_TAG, ImageSpecError, planImages, ServiceImage, type ImagePlan } from "../../../components/build/service-image";
import { SERVICE_IMAGES } from "../../../infra/services";
import { capture, REPO_ROOT, valueOf } from "../../support/harness";

const IMAGE = "docker-build:index:Image";
const LOGIN = { loginServer: "platformdevacr123abc.azurecr.io", credentials: { username: "00000000-0000-0000-0000-000000000000", password: "registry-token" } };

function apiPlan(): ImagePlan {
    return planImages({ api: SERVICE_IMAGES.api }, REPO_ROOT, "linux/amd64")[0];
}

describe("components/build/ServiceImage", () => {
    it("builds the runtime target for the platform, pushes the content tag, caches on :buildcache (mode max)", async () => {
        const plan = apiPlan();
        const captured = await capture(() => new ServiceImage("img-api", { plan, registry: LOGIN }));
        const image = captured.one(IMAGE).inputs as Record<string, any>;
        const repository = "platformdevacr123abc.azurecr.io/api";
        assert.deepEqual(image.context, { location: "apps/api" });
        assert.deepEqual(image.dockerfile, { location: "apps/node-service.Dockerfile" });
        assert.deepEqual(image.buildArgs, { SERVICE_PORT: "5000", HEALTH_PATH: "/api/health" });
        assert.equal(image.target, "runtime");
        assert.deepEqual(image.platforms, ["linux/amd64"]);
        assert.equal(image.push, true);
        assert.deepEqual(image.tags, [`${repository}:${plan.contentTag}`]);
        assert.deepEqual(image.cacheFrom, [{ registry: { ref: `${repository}:${BUILD_CACHE_TAG}` } }]);
        assert.deepEqual(image.cacheTo, [{ registry: { ref: `${repository}:${BUILD_CACHE_TAG}`, mode: "max", imageManifest: true, ociMediaTypes: true } }]);
        assert.deepEqual(image.registries, [{ address: LOGIN.loginServer, username: LOGIN.credentials.username, password: "[secret]" }]);
        assert.equal(image.buildOnPreview, false);
        assert.ok(!JSON.stringify(image).includes(":latest"));
        const ref = await valueOf(captured.value.ref);
        assert.match(ref, new RegExp(`^${repository}:${plan.contentTag}@sha256:[0-9a-f]{64}$`));
    });

    it("adds the release tag, follows buildOnPreview, builds with the given builder, waits for the push grant", async () => {
        const captured = await capture(() => {
            const grant = new (class extends pulumi.CustomResource {})("test:index:Grant", "push-grant", {});
            return new ServiceImage("img-release", { plan: apiPlan(), registry: LOGIN, releaseTag: "v1.4.0", buildOnPreview: true, pushAfter: [grant], builder: "cloud-acme-platform" });
        });
        const image = captured.one(IMAGE);
        assert.deepEqual(image.inputs.builder, { name: "cloud-acme-platform" });
        assert.equal((image.inputs.tags as string[])[1], "platformdevacr123abc.azurecr.io/api:v1.4.0");
        assert.equal(image.inputs.buildOnPreview, true);
        assert.ok(image.dependencies.some((urn) => urn.endsWith("::push-grant")));
    });
});

describe("components/build/service-image planImages", () => {
    it("plans every service of the catalog with a content tag", () => {
        const plans = planImages(SERVICE_IMAGES, REPO_ROOT, "linux/amd64");
        assert.deepEqual(plans.map((p) => p.service), Object.keys(SERVICE_IMAGES));
        assert.ok(plans.every((p) => /^c-[0-9a-f]{20}$/.test(p.contentTag) && p.fileCount > 0));
        assert.equal(new Set(plans.map((p) => p.contentTag)).size, plans.length);
    });

    it("reports every bad spec at once, naming service, field, value and expectation, before anything exists", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "specs-"));
        fs.mkdirSync(path.join(root, "svc"));
        fs.writeFileSync(path.join(root, "svc", "Dockerfile"), "FROM busybox:1.37.0 AS build\nFROM busybox:1.37.0 AS runtime\n");
        fs.mkdirSync(path.join(root, "nodockerfile"));
        assert.throws(
            () =>
                planImages(
                    {
                        missing: { context: "nowhere", target: "runtime" },
                        "wrong-target": { context: "svc", target: "prod" },
                        "bad-repo": { context: "svc", target: "runtime", repository: "Bad Repo", buildArgs: { NPM_TOKEN: "abc" } },
                        "no-dockerfile": { context: "nodockerfile", target: "runtime" },
                    },
                    root,
                    "linux/amd64",
                ),
            (error: unknown) => {
                assert.ok(error instanceof ImageSpecError);
                assert.deepEqual(
                    error.problems.map((p) => `${p.service}.${p.field} = ${p.value}: ${p.expected}`),
                    [
                        `missing.context = "nowhere": a directory under the project directory ${root}`,
                        'wrong-target.target = "prod": a stage of svc/Dockerfile (build, runtime)',
                        'bad-repo.repository = "Bad Repo": a registry repository name (lower-case letters, digits, . _ - and / between components)',
                        'bad-repo.buildArgs.NPM_TOKEN = "(value hidden)": no credential in build args (they stay in the image history); pass it as a BuildKit secret',
                        'no-dockerfile.dockerfile = "nodockerfile/Dockerfile": an existing Dockerfile',
                    ],
                );
                assert.match(error.message, /^Invalid image specs \(5 problems\); nothing was created:/);
                return true;
            },
        );
    });
});
