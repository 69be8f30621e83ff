import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../../stacks/stack-config";
import { loadDeploymentsConfig } from "../../../stacks/deployments/config";
import { DEPLOY_PATHS, planEnvironments, planPromotion, supplyChainTools, type PackReference } from "../../../stacks/deployments/plan";
import * as os from "node:os";
import { REPO_ROOT, runPlanCli } from "../../support/harness";

const PROJECT = "streaming-platform-deployments";
const VALUES = {
    organization: "acme",
    repository: "acme/streaming-platform",
    azureTenantId: "00000000-0000-0000-0000-0000000000aa",
    devAzureClientId: "00000000-0000-0000-0000-0000000000d1",
    devAzureSubscriptionId: "00000000-0000-0000-0000-0000000000d2",
    prodAzureClientId: "00000000-0000-0000-0000-0000000000e1",
    prodAzureSubscriptionId: "00000000-0000-0000-0000-0000000000e2",
    prodAgentPoolId: "pool-1",
    devAgentPoolId: "pool-0",
    imageBuilder: "remote:tcp://buildkitd.build.internal:1234",
};
const raw = (values: Record<string, string>) => ({ project: PROJECT, stack: "platform", values, secretKeys: new Set<string>() });
const PACK: PackReference = { name: "streaming-platform-guardrails", version: "9.9.9", configs: { dev: { all: "advisory" }, prod: { all: "mandatory" } } };

describe("stacks/deployments plan", () => {
    const [dev, prod] = planEnvironments(loadDeploymentsConfig(raw(VALUES)), PACK);

    it("dev deploys every merge to main and previews every pull request, filtered to the program's paths", () => {
        assert.equal(dev.stack, "dev");
        assert.deepEqual(dev.settings.sourceContext, { git: { branch: "main", repoDir: "." } });
        assert.deepEqual(dev.settings.vcs, { provider: "github", repository: "acme/streaming-platform", deployCommits: true, previewPullRequests: true, paths: [...DEPLOY_PATHS, "Pulumi.dev.yaml"] });
        for (const path of ["infra/**", "components/**", "stacks/*.ts", "policy/**"]) assert.ok(dev.settings.vcs.paths.includes(path), path);
        assert.ok(!dev.settings.vcs.paths.some((p) => /^(test|tools|docs)\//.test(p) || p === "README.md"), "docs, tests and tools trigger nothing");
    });

    it("prod deploys only when dev's update succeeded, previews pull requests, and runs on the VNet's agent pool", () => {
        assert.equal(prod.settings.vcs.deployCommits, false);
        assert.equal(prod.settings.vcs.previewPullRequests, true);
        assert.equal(prod.settings.agentPoolId, "pool-1");
        assert.equal(dev.settings.agentPoolId, "pool-0", "dev's hosted-runner addresses are not fixed: its own agents");
        assert.deepEqual(planPromotion(loadDeploymentsConfig(raw(VALUES))), {
            organizationName: "acme",
            projectName: "streaming-platform",
            stackName: "dev",
            displayName: "promote dev to prod",
            format: "pulumi_deployments",
            payloadUrl: "streaming-platform/prod",
            filters: ["update_succeeded"],
            active: true,
        });
    });

    it("logs in to Azure with OIDC (no stored secret), installs with npm ci, tests previews, and never builds images in previews", () => {
        assert.deepEqual(dev.settings.operationContext.oidc, { azure: { clientId: VALUES.devAzureClientId, subscriptionId: VALUES.devAzureSubscriptionId, tenantId: VALUES.azureTenantId } });
        assert.deepEqual(prod.settings.operationContext.oidc, { azure: { clientId: VALUES.prodAzureClientId, subscriptionId: VALUES.prodAzureSubscriptionId, tenantId: VALUES.azureTenantId } });
        const commands = prod.settings.operationContext.preRunCommands;
        assert.equal(dev.settings.operationContext.preRunCommands[0], "npm ci");
        assert.equal(commands[1], "npm ci");
        assert.equal(commands[2], 'if [ "$PULUMI_CI_OPERATION" = preview ]; then npm test; fi', "previews run the tests");
        for (const stack of [dev, prod]) {
            assert.equal(stack.settings.operationContext.preRunCommands.at(-1), `pulumi config set --stack acme/streaming-platform/${stack.stack} sourceCommit "$(git rev-parse HEAD)"`, "each stack exports the commit it deploys");
        }
        assert.ok(commands.some((c) => c.includes("--federated-token \"$ARM_OIDC_TOKEN\"")));
        // prod signs and scans: Notation with its Key Vault plugin (checksum-verified) and Trivy; dev signs only.
        assert.deepEqual(commands.filter((c) => /notation|trivy/.test(c)), supplyChainTools({ sign: true, scanBeforePromotion: true }));
        assert.match(commands.find((c) => c.startsWith("notation plugin install"))!, /--sha256sum [0-9a-f]{64}$/);
        assert.deepEqual(dev.settings.operationContext.preRunCommands.filter((c) => /notation|trivy/.test(c)), supplyChainTools({ sign: true, scanBeforePromotion: false }));
        assert.deepEqual(supplyChainTools(undefined), []);
        assert.ok(commands.includes("pulumi config set --stack acme/streaming-platform/prod buildOnPreview false"));
        assert.ok(commands.includes("pulumi config set --stack acme/streaming-platform/prod kubeloginMode azurecli"));
        assert.doesNotMatch(JSON.stringify(prod.settings), /secret|password|ARM_CLIENT_SECRET/i);
    });

    it("an update of prod first checks out the commit dev deployed (dev's sourceCommit output); its previews keep their own commit", () => {
        assert.equal(
            prod.settings.operationContext.preRunCommands[0],
            'if [ "$PULUMI_CI_OPERATION" = update ]; then commit="$(pulumi stack output --stack acme/streaming-platform/dev sourceCommit)" && test -n "$commit" && git fetch --depth=1 origin "$commit" && git checkout --detach FETCH_HEAD; fi',
        );
        assert.ok(!dev.settings.operationContext.preRunCommands.some((c) => c.includes("git checkout")), "dev deploys what it cloned");
    });

    it("applies the pack at the version policy/package.json declares: dev audits, prod prevents", () => {
        assert.deepEqual(dev.policyGroup, {
            name: "streaming-platform-dev",
            organizationName: "acme",
            mode: "audit",
            stacks: [{ name: "dev", routingProject: "streaming-platform" }],
            policyPacks: [{ name: "streaming-platform-guardrails", versionTag: "9.9.9", config: { all: "advisory" } }],
        });
        assert.equal(prod.policyGroup.mode, "preventative");
        assert.deepEqual(prod.policyGroup.policyPacks[0].config, { all: "mandatory" });
    });

    it("only the stack that builds images has a builder, checked before anything runs; the plan says which builds where", () => {
        const commands = dev.settings.operationContext.preRunCommands;
        assert.ok(commands.some((c) => c.includes("download.docker.com/linux/static/stable/x86_64/docker-28.2.2.tgz")), "the executor image has no docker CLI");
        assert.ok(commands.includes("docker buildx create --name streaming-platform --driver remote tcp://buildkitd.build.internal:1234"));
        assert.ok(commands.includes("docker buildx inspect --bootstrap streaming-platform"), "a runner that cannot reach its builder fails here");
        assert.ok(commands.includes("pulumi config set --stack acme/streaming-platform/dev imageBuilder streaming-platform"));
        assert.ok(!prod.settings.operationContext.preRunCommands.some((c) => c.includes("docker")), "prod builds nothing");
        assert.equal(dev.images, "built with the BuildKit daemon at tcp://buildkitd.build.internal:1234 (buildx builder streaming-platform)");
        assert.equal(prod.images, "promoted from dev (no builder needed)");

        const [cloudDev] = planEnvironments(loadDeploymentsConfig(raw({ ...VALUES, imageBuilder: "cloud:acme/platform" })), PACK);
        const cloud = cloudDev.settings.operationContext.preRunCommands;
        assert.ok(cloud.includes('echo "$DOCKER_PAT" | docker login --username "$DOCKER_USERNAME" --password-stdin'));
        assert.ok(cloud.includes("docker buildx create --driver cloud acme/platform"));
        assert.ok(cloud.includes("docker buildx inspect --bootstrap cloud-acme-platform"));
        assert.ok(cloud.includes("pulumi config set --stack acme/streaming-platform/dev imageBuilder cloud-acme-platform"));
        assert.equal(cloudDev.images, "built with Docker Build Cloud builder acme/platform (buildx builder cloud-acme-platform)");
    });

    it("reports every missing or malformed setting at once, with the fix", () => {
        const { devAzureClientId: _missing, ...rest } = VALUES;
        try {
            loadDeploymentsConfig(raw({ ...rest, azureTenantId: "tenant", repository: "streaming-platform", colour: "blue", imageBuilder: "agent" }));
            assert.fail("expected a ConfigError");
        } catch (error) {
            assert.ok(error instanceof ConfigError);
            assert.deepEqual(
                error.problems.map((p) => [p.key, p.value, p.expected]),
                [
                    ["colour", '"blue"', "a key this project declares (organization, repository, branch, azureTenantId, devAzureClientId, devAzureSubscriptionId, devAgentPoolId, prodAzureClientId, prodAzureSubscriptionId, imageBuilder, prodAgentPoolId)"],
                    ["repository", '"streaming-platform"', "a GitHub repository owner/name"],
                    ["azureTenantId", '"tenant"', "an Entra ID tenant id (GUID)"],
                    ["devAzureClientId", "(not set)", "the client id (GUID) of dev's federated deployment identity"],
                    ["imageBuilder", '"agent"', (error.problems[4] ?? { expected: "" }).expected],
                ],
            );
            assert.match(error.problems[4].expected, /"cloud:<organization>\/<builder>" \(a Docker Build Cloud builder.*or "remote:tcp:\/\/<host>:<port>" \(a BuildKit daemon dev's runner reaches\); the deployment executor image has no Docker daemon/);
            assert.equal(error.problems[3].fix, "pulumi config set --stack platform devAzureClientId 00000000-0000-0000-0000-000000000000");
        }
    });
});

describe("stacks/deployments (whole program, npm run plan --project-dir)", function () {
    this.timeout(60_000);

    it("plans the checked-in stack: settings for dev and prod, their policy groups, the promotion webhook", () => {
        const run = runPlanCli(["--project-dir", "stacks/deployments", "--stack", "platform"]);
        assert.equal(run.code, 0, run.stderr);
        const resources: { type: string; name: string; inputs: any }[] = run.plan.resources;
        const settings = resources.filter((r) => r.type === "pulumiservice:index:DeploymentSettings");
        assert.deepEqual(settings.map((s) => [s.inputs.stack, s.inputs.vcs.deployCommits, s.inputs.vcs.previewPullRequests]), [
            ["dev", true, true],
            ["prod", false, true],
        ]);
        assert.deepEqual(
            settings.map((s) => s.inputs.operationContext.oidc.azure.clientId),
            ["00000000-0000-0000-0000-0000000000d1", "00000000-0000-0000-0000-0000000000e1"],
            "each stack logs in as its own environment's client (Pulumi.platform.yaml)",
        );
        assert.deepEqual(run.plan.outputs.images, {
            dev: "built with Docker Build Cloud builder acme/platform (buildx builder cloud-acme-platform)",
            prod: "promoted from dev (no builder needed)",
        });
        const groups = resources.filter((r) => r.type === "pulumiservice:index:PolicyGroup");
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy", "package.json"), "utf8")).version;
        assert.deepEqual(groups.map((g) => [g.inputs.name, g.inputs.mode, g.inputs.policyPacks[0].versionTag]), [
            ["streaming-platform-dev", "audit", version],
            ["streaming-platform-prod", "preventative", version],
        ]);
        const prodConfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy", "config.prod.json"), "utf8"));
        assert.deepEqual(groups[1].inputs.policyPacks[0].config, prodConfig);
        assert.equal(resources.filter((r) => r.type === "pulumiservice:index:Webhook").length, 1);
        assert.match(run.stdout, /For real: pulumi preview --cwd stacks\/deployments --stack platform/);
    });

    it("a stack without an OIDC setting is a config error naming it, and registers nothing", () => {
        const { prodAzureClientId: _missing, ...values } = VALUES;
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deployments-")), "Pulumi.platform.yaml");
        fs.writeFileSync(file, JSON.stringify({ config: Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, v])) }));
        const run = runPlanCli(["--project-dir", "stacks/deployments", "--stack", "platform", "--stack-file", file]);
        assert.equal(run.code, 2, run.stdout);
        assert.equal(run.plan, undefined);
        assert.match(run.stderr, /Invalid configuration for stack "platform" \(1 problem\); nothing was created:\n  - prodAzureClientId = \(not set\): expected the client id \(GUID\) of prod's federated deployment identity/);
    });
});
