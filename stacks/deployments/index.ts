/**
 * Entry point of the `streaming-platform-deployments` project: Pulumi Deployments settings and
 * policy groups for the platform's dev and prod stacks, and the webhook that promotes dev to prod.
 * Reads and validates its configuration before registering anything.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Webhook } from "@pulumi/pulumiservice/webhook";
import { readStackConfig } from "../stack-config";
import { loadDeploymentsConfig } from "./config";
import { EnvironmentDeployment } from "./environment-deployment";
import { planEnvironments, planPromotion, PLATFORM_STACKS, type PackReference } from "./plan";

/** The repository root: this project lives in stacks/deployments (the CLI runs it there). */
const ROOT = path.resolve(process.cwd(), "..", "..");

/** The policy pack as policy/ declares it: the published name and version, and each stack's config. */
function readPack(): PackReference {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")) as { name: string; version: string };
    const configs = Object.fromEntries(PLATFORM_STACKS.map((s) => [s, JSON.parse(fs.readFileSync(path.join(ROOT, "policy", `config.${s}.json`), "utf8"))]));
    return { name: manifest.name, version: manifest.version, configs: configs as PackReference["configs"] };
}

// Nothing in this project is secret.
const config = readStackConfig(loadDeploymentsConfig, () => false);
const environments = planEnvironments(config, readPack());
const deployments = environments.map((plan) => new EnvironmentDeployment(plan.stack, { plan }));
// Prod deploys after dev: dev's successful update triggers prod's deployment.
const promotion = new Webhook("promote-dev-to-prod", planPromotion(config), { dependsOn: deployments.map((d) => d.settings) });

export = {
    stacks: environments.map((e) => `${e.settings.organization}/${e.settings.project}/${e.stack}`),
    policyGroups: Object.fromEntries(environments.map((e) => [e.stack, { name: e.policyGroup.name, mode: e.policyGroup.mode }])),
    images: Object.fromEntries(environments.map((e) => [e.stack, e.images])),
    promotionWebhook: promotion.displayName,
};
