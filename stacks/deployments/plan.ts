/**
 * What Pulumi Deployments does for each platform stack, as plain data: the deployment settings
 * (source, triggers, path filters, OIDC, pre-run commands, environment) and the policy group.
 * Pure, so tests read it without the mock runtime; environment-deployment.ts turns it into resources.
 */
import { PROFILES } from "../profiles";
import type { DeploymentsConfig } from "./config";

/** The Pulumi project whose stacks are deployed. */
export const PLATFORM_PROJECT = "streaming-platform";
export const PLATFORM_STACKS = ["dev", "prod"] as const;
export type PlatformStack = (typeof PLATFORM_STACKS)[number];

/**
 * Paths whose changes can change what a stack deploys: the program, its components, stack
 * profiles and files, the policy pack, the images' sources (apps/) and the dependency lock.
 * Docs, tests and tools do not trigger deployments.
 */
export const DEPLOY_PATHS = [
    "infra/**",
    "components/**",
    "stacks/*.ts",
    "policy/**",
    "apps/**",
    "Pulumi.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "tsconfig.base.json",
] as const;

/** The published policy pack a group applies, with the stack's policy config. */
export interface PackReference {
    readonly name: string;
    readonly version: string;
    readonly configs: Readonly<Record<PlatformStack, Record<string, unknown>>>;
}

export interface EnvironmentPlan {
    readonly stack: PlatformStack;
    /** Where the stack's images come from: built with a builder, or promoted from another stack. */
    readonly images: string;
    readonly settings: {
        readonly organization: string;
        readonly project: string;
        readonly stack: string;
        readonly agentPoolId: string;
        readonly vcs: { provider: "github"; repository: string; deployCommits: boolean; previewPullRequests: boolean; paths: string[] };
        readonly sourceContext: { git: { branch: string; repoDir: string } };
        readonly operationContext: {
            oidc: { azure: { clientId: string; tenantId: string; subscriptionId: string } };
            preRunCommands: string[];
            environmentVariables: Record<string, string>;
            options: { skipIntermediateDeployments: boolean };
        };
        readonly cacheOptions: { enable: boolean };
    };
    readonly policyGroup: {
        readonly name: string;
        readonly organizationName: string;
        /** audit reports violations; preventative blocks the operation. */
        readonly mode: "audit" | "preventative";
        readonly stacks: { name: string; routingProject: string }[];
        readonly policyPacks: { name: string; versionTag: string; config: Record<string, unknown> }[];
    };
}

/**
 * How dev and prod differ. dev deploys every merge to the branch; prod deploys only when dev's
 * update succeeded (a deployment webhook on dev, see promotion), and its policy group blocks.
 */
const ENVIRONMENTS: Record<PlatformStack, { deployCommits: boolean; policyMode: "audit" | "preventative" }> = {
    dev: { deployCommits: true, policyMode: "audit" },
    prod: { deployCommits: false, policyMode: "preventative" },
};

/**
 * Runs `npm test` when the operation is a preview (PULUMI_CI_OPERATION, set by Pulumi Deployments).
 * The agents need what `npm test` needs: Java 17, Maven and redis-server (see README, "Runners").
 */
export const TEST_ON_PREVIEW = 'if [ "$PULUMI_CI_OPERATION" = preview ]; then npm test; fi';

/**
 * An update of a stack that promotes another's images deploys the commit that stack deployed (its
 * `sourceCommit` output), not the branch head the deployment cloned: checked out before anything
 * else. Previews (pull requests) keep their own commit. Reading the other stack's output needs a
 * Pulumi Cloud role with Stack Read on it (README, "Pulumi Deployments and CI").
 */
export function checkoutPromotedCommit(organization: string, fromStack: string): string {
    const source = `${organization}/${PLATFORM_PROJECT}/${fromStack}`;
    return (
        `if [ "$PULUMI_CI_OPERATION" = update ]; then commit="$(pulumi stack output --stack ${source} sourceCommit)" && ` +
        `test -n "$commit" && git fetch --depth=1 origin "$commit" && git checkout --detach FETCH_HEAD; fi`
    );
}

/**
 * The docker CLI and its buildx plugin, pinned: the deployment executor image (pulumi/pulumi) has
 * neither, nor a Docker daemon. docker-build builds with its own buildx code; the CLI only sets up
 * the builder instance (and logs in to Docker Build Cloud) in ~/.docker, where the provider finds it.
 */
export const DOCKER_CLI = { version: "28.2.2", buildx: "v0.24.0" } as const;

/** The name of the buildx builder for a remote BuildKit daemon. */
export const REMOTE_BUILDER = "streaming-platform";

/** The buildx builder of `imageBuilder` ("cloud:<org>/<builder>" or "remote:tcp://host:port"), and how the runner gets it. */
export function builderSetup(imageBuilder: string, fullStack: string): { name: string; describe: string; commands: string[] } {
    const cloud = /^cloud:(.+)\/(.+)$/.exec(imageBuilder);
    const remote = /^remote:(tcp:\/\/.+)$/.exec(imageBuilder);
    const name = cloud ? `cloud-${cloud[1]}-${cloud[2]}` : REMOTE_BUILDER;
    return {
        name,
        describe: cloud ? `Docker Build Cloud builder ${cloud[1]}/${cloud[2]}` : `the BuildKit daemon at ${remote?.[1]}`,
        commands: [
            `curl -fsSL https://download.docker.com/linux/static/stable/x86_64/docker-${DOCKER_CLI.version}.tgz | tar -xz -C /usr/local/bin --strip-components=1 docker/docker`,
            `mkdir -p ~/.docker/cli-plugins && curl -fsSLo ~/.docker/cli-plugins/docker-buildx https://github.com/docker/buildx/releases/download/${DOCKER_CLI.buildx}/buildx-${DOCKER_CLI.buildx}.linux-amd64 && chmod +x ~/.docker/cli-plugins/docker-buildx`,
            ...(cloud
                ? ['echo "$DOCKER_PAT" | docker login --username "$DOCKER_USERNAME" --password-stdin', `docker buildx create --driver cloud ${cloud[1]}/${cloud[2]}`]
                : [`docker buildx create --name ${REMOTE_BUILDER} --driver remote ${remote?.[1]}`]),
            // Fails the deployment at once when the builder cannot be reached or refuses the login.
            `docker buildx inspect --bootstrap ${name}`,
            `pulumi config set --stack ${fullStack} imageBuilder ${name}`,
        ],
    };
}

/**
 * The supply-chain tools a stack's commands call (README "Supply chain and secrets"): Notation and
 * its Azure Key Vault plugin (signing; the plugin's checksum as its release publishes it), Trivy
 * (the promotion's scan gate). Pinned releases, installed on the runner before the run.
 */
export const SUPPLY_CHAIN_TOOLS = {
    notation: "1.3.0",
    azureKvPlugin: { version: "1.0.2", sha256: "f2b2e131a435b6a9742c202237b9aceda81859e6d4bd6242c2568ba556cee20e" },
    trivy: "0.58.0",
} as const;

/** The commands that install what the profile's supply chain runs (nothing for a stack that neither signs nor scans). */
export function supplyChainTools(supplyChain: { readonly sign: boolean; readonly scanBeforePromotion: boolean } | undefined): string[] {
    const { notation, azureKvPlugin, trivy } = SUPPLY_CHAIN_TOOLS;
    return [
        ...(supplyChain?.sign
            ? [
                  `curl -fsSL https://github.com/notaryproject/notation/releases/download/v${notation}/notation_${notation}_linux_amd64.tar.gz | tar -xz -C /usr/local/bin notation`,
                  `notation plugin install --url https://github.com/Azure/notation-azure-kv/releases/download/v${azureKvPlugin.version}/notation-azure-kv_${azureKvPlugin.version}_linux_amd64.tar.gz --sha256sum ${azureKvPlugin.sha256}`,
              ]
            : []),
        ...(supplyChain?.scanBeforePromotion ? [`curl -fsSL https://github.com/aquasecurity/trivy/releases/download/v${trivy}/trivy_${trivy}_Linux-64bit.tar.gz | tar -xz -C /usr/local/bin trivy`] : []),
    ];
}

/** The shell commands before `pulumi preview`/`up`: the commit, install and build, tests on previews, Azure CLI login over OIDC, kubelogin, the builder, stack settings. */
export function preRunCommands(stack: PlatformStack, organization: string, imageBuilder: string): string[] {
    const fullStack = `${organization}/${PLATFORM_PROJECT}/${stack}`;
    const images = PROFILES[stack].traits.images;
    const target = PROFILES[stack].traits.target;
    return [
        ...(images.source === "promote" ? [checkoutPromotedCommit(organization, images.fromStack)] : []),
        // Installs exactly the lockfile and builds the program and the policy pack (`prepare`).
        "npm ci",
        // Previews (pull requests among them) run the whole test suite first; a failing test fails
        // the preview, which Pulumi's GitHub app reports on the pull request. Updates skip it: the
        // merged commit was tested on its pull request. (Each line runs in its own shell.)
        TEST_ON_PREVIEW,
        // Pulumi Deployments hands the OIDC token to the run; the Azure CLI (and with it kubelogin) logs in with it.
        'az login --service-principal --username "$ARM_CLIENT_ID" --tenant "$ARM_TENANT_ID" --federated-token "$ARM_OIDC_TOKEN" --output none',
        'az account set --subscription "$ARM_SUBSCRIPTION_ID"',
        // The Kubernetes provider's exec plugin.
        "az aks install-cli --only-show-errors",
        // Signing (Notation with its Key Vault plugin) and the promotion's scan gate (Trivy), as the profile asks.
        ...supplyChainTools(target.kind === "azure" ? target.supplyChain : undefined),
        // The provider asks kubelogin for tokens of the logged-in CLI identity; previews of pull requests never build images.
        `pulumi config set --stack ${fullStack} kubeloginMode azurecli`,
        `pulumi config set --stack ${fullStack} buildOnPreview false`,
        // A stack that builds checks its builder before anything runs; one that promotes needs none.
        ...(images.source === "build" ? builderSetup(imageBuilder, fullStack).commands : []),
        // Exported as an output: what a promotion from this stack checks out and checks.
        `pulumi config set --stack ${fullStack} sourceCommit "$(git rev-parse HEAD)"`,
    ];
}

const builtWith = (builder: { name: string; describe: string }) => `built with ${builder.describe} (buildx builder ${builder.name})`;

export function planEnvironments(config: DeploymentsConfig, pack: PackReference): EnvironmentPlan[] {
    return PLATFORM_STACKS.map((stack) => {
        const env = ENVIRONMENTS[stack];
        const { agentPoolId, ...identity } =
            stack === "dev"
                ? { clientId: config.devAzureClientId, subscriptionId: config.devAzureSubscriptionId, agentPoolId: config.devAgentPoolId }
                : { clientId: config.prodAzureClientId, subscriptionId: config.prodAzureSubscriptionId, agentPoolId: config.prodAgentPoolId };
        const images = PROFILES[stack].traits.images;
        return {
            stack,
            images: images.source === "build" ? builtWith(builderSetup(config.imageBuilder, "")) : `promoted from ${images.fromStack} (no builder needed)`,
            settings: {
                organization: config.organization,
                project: PLATFORM_PROJECT,
                stack,
                // Self-hosted agents in both: each preview dials the API server, the registry and Kafka's
                // admin listener, which admit only the runner's network (see README, "Runners").
                agentPoolId,
                vcs: { provider: "github", repository: config.repository, deployCommits: env.deployCommits, previewPullRequests: true, paths: [...DEPLOY_PATHS, `Pulumi.${stack}.yaml`] },
                sourceContext: { git: { branch: config.branch, repoDir: "." } },
                operationContext: {
                    oidc: { azure: { ...identity, tenantId: config.azureTenantId } },
                    preRunCommands: preRunCommands(stack, config.organization, config.imageBuilder),
                    environmentVariables: { CI: "true", PULUMI_SKIP_UPDATE_CHECK: "true", AZURE_CORE_ONLY_SHOW_ERRORS: "true" },
                    // A burst of merges deploys the newest commit once instead of each in turn.
                    options: { skipIntermediateDeployments: true },
                },
                cacheOptions: { enable: true },
            },
            policyGroup: {
                name: `${PLATFORM_PROJECT}-${stack}`,
                organizationName: config.organization,
                mode: env.policyMode,
                stacks: [{ name: stack, routingProject: PLATFORM_PROJECT }],
                policyPacks: [{ name: pack.name, versionTag: pack.version, config: pack.configs[stack] }],
            },
        };
    });
}

/** The webhook that deploys prod once dev's update succeeded (Pulumi's deployment webhook destinations). */
export function planPromotion(config: DeploymentsConfig) {
    return {
        organizationName: config.organization,
        projectName: PLATFORM_PROJECT,
        stackName: "dev" satisfies PlatformStack,
        displayName: "promote dev to prod",
        format: "pulumi_deployments" as const,
        payloadUrl: `${PLATFORM_PROJECT}/prod`,
        filters: ["update_succeeded" as const],
        active: true,
    };
}
