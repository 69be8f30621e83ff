import * as pulumi from "@pulumi/pulumi";
import { DeploymentSettings } from "@pulumi/pulumiservice/deploymentSettings";
import { PolicyGroup } from "@pulumi/pulumiservice/policyGroup";
import type { EnvironmentPlan } from "./plan";

export interface EnvironmentDeploymentArgs {
    /** The environment's planned settings and policy group (planEnvironments). */
    readonly plan: EnvironmentPlan;
}

/**
 * One platform stack under Pulumi Deployments: its deployment settings (source, triggers, path
 * filters, Azure OIDC, pre-run commands) and the policy group that applies the pack to it.
 */
export class EnvironmentDeployment extends pulumi.ComponentResource {
    readonly settings: DeploymentSettings;
    readonly policyGroup: PolicyGroup;

    constructor(name: string, args: EnvironmentDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:deployments:EnvironmentDeployment", name, {}, opts);
        const { plan } = args;
        this.settings = new DeploymentSettings(`${name}-settings`, plan.settings, { parent: this });
        this.policyGroup = new PolicyGroup(`${name}-policy-group`, plan.policyGroup, { parent: this });
        this.registerOutputs({ stack: plan.stack, policyMode: plan.policyGroup.mode });
    }
}
