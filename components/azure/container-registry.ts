import * as pulumi from "@pulumi/pulumi";
import type * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import { createPrivateEndpoints, type PrivateLinkGroup, type PrivateLinkPlacement } from "./private-endpoint";
import { assignRoles, type Principal, type RoleGrant } from "./roles";
import type { AzurePlacement } from "./placement";

/** The registry's Private Link sub-resource and its DNS zone. */
export const REGISTRY_PRIVATE_LINK: readonly PrivateLinkGroup[] = [{ groupId: "registry", dnsZone: "privatelink.azurecr.io" }];
/** Registry log categories sent to Log Analytics: who logged in, what was pushed, pulled or deleted. */
export const REGISTRY_DIAGNOSTIC_LOGS = ["ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"] as const;
/** Features that only the Premium SKU offers. */
const PREMIUM_FEATURES = ["untaggedRetentionDays", "zoneRedundant", "privateLink"] as const;

export interface ContainerRegistryArgs extends AzurePlacement {
    /** Globally unique registry name (`azureName("containerRegistry", ...)` with a unique seed). */
    readonly registryName: pulumi.Input<string>;
    /** Basic for development; Premium for private endpoints, retention and zone redundancy. */
    readonly sku: "Basic" | "Premium";
    /**
     * Days to keep untagged manifests (Premium only); they pile up with every content-hash tag.
     * @default - kept forever
     */
    readonly untaggedRetentionDays?: number;
    /**
     * Replicate across the region's zones (Premium only).
     * @default false
     */
    readonly zoneRedundant?: boolean;
    /**
     * Reach the registry through a private endpoint and refuse public network access (Premium only).
     * @default - public network access, Entra ID authentication only
     */
    readonly privateLink?: PrivateLinkPlacement;
    /** Names private endpoints for a group id. Required with privateLink. */
    readonly endpointName?: (groupId: string) => string;
    /**
     * Identities that push images (the image builder: the identity that runs Pulumi). They log in
     * with an Entra ID token exchanged for a registry token (`az acr login`), never the admin user.
     * @default - none
     */
    readonly pushers?: readonly (Principal & { readonly label: string })[];
    /**
     * Create the registry with `protect: true`.
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * The platform's container registry: admin user and anonymous pull off, so every pull and push is
 * an Entra ID identity with a role (AcrPull for the kubelet, AcrPush for the builder). Premium adds
 * the private endpoint, retention of untagged manifests and zone redundancy.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
    readonly registry: containerregistry.Registry;
    readonly registryId: pulumi.Output<string>;
    readonly registryName: pulumi.Output<string>;
    /** `<name>.azurecr.io`: the registry part of every image ref. */
    readonly loginServer: pulumi.Output<string>;
    /** The pushers' AcrPush assignments: pushes wait for them. */
    readonly pushGrants: readonly authorization.RoleAssignment[];

    constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:ContainerRegistry", name, {}, opts);
        validate(name, args);
        const premium = args.sku === "Premium";

        this.registry = new containerregistry.Registry(
            `${name}-registry`,
            {
                registryName: args.registryName,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                sku: { name: args.sku },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
                publicNetworkAccess: args.privateLink ? "Disabled" : "Enabled",
                networkRuleBypassOptions: "AzureServices",
                zoneRedundancy: args.zoneRedundant ? "Enabled" : "Disabled",
                policies: premium
                    ? {
                          retentionPolicy:
                              args.untaggedRetentionDays === undefined
                                  ? { status: "disabled" }
                                  : { status: "enabled", days: args.untaggedRetentionDays },
                          // Images leave only through pulls by granted identities.
                          exportPolicy: args.privateLink ? { status: "disabled" } : undefined,
                      }
                    : undefined,
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.registryId = this.registry.id;
        this.registryName = this.registry.name;
        if (args.privateLink) {
            const { resolvable } = createPrivateEndpoints(
                name,
                {
                    resourceGroupName: args.resourceGroupName,
                    location: args.location,
                    endpointName: args.endpointName!,
                    targetId: this.registry.id,
                    groups: REGISTRY_PRIVATE_LINK,
                    placement: args.privateLink,
                    tags: args.tags,
                },
                this,
            );
            // A private registry's name resolves to its endpoint only once the endpoint's DNS
            // records exist and its zone is linked to the runner's network: the token exchange and
            // every push (and pull) take the login server from here, so they wait for that.
            this.loginServer = pulumi.all([this.registry.loginServer, resolvable]).apply(([server]) => server);
        } else {
            this.loginServer = this.registry.loginServer;
        }
        this.pushGrants = (args.pushers ?? []).flatMap((pusher) => assignRoles(`${name}-${pusher.label}`, pusher, [this.push()], { parent: this }));

        this.registerOutputs({ registryId: this.registryId, loginServer: this.loginServer });
    }

    /** AcrPull on this registry (for the kubelet identity). */
    pull(): RoleGrant {
        return { role: "AcrPull", scope: this.registry.id, label: "acr-pull" };
    }

    /** AcrPush (push and pull) on this registry (for the image builder). */
    push(): RoleGrant {
        return { role: "AcrPush", scope: this.registry.id, label: "acr-push" };
    }
}

function validate(name: string, args: ContainerRegistryArgs): void {
    const problems: string[] = [];
    if (args.sku !== "Premium") {
        const used = PREMIUM_FEATURES.filter((feature) => args[feature] !== undefined && args[feature] !== false);
        problems.push(...used.map((feature) => `${feature} needs the Premium SKU, not ${args.sku}`));
    }
    if (args.privateLink && !args.endpointName) {
        problems.push("privateLink needs endpointName to name the private endpoint");
    }
    if (problems.length > 0) {
        throw new Error(`ContainerRegistry "${name}": ${problems.join("; ")}`);
    }
}
