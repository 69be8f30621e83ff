import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { createPrivateEndpoints, type PrivateLinkGroup, type PrivateLinkPlacement } from "./private-endpoint";
import type { AzurePlacement } from "./placement";
import type { RoleGrant } from "./roles";

/** The vault's Private Link sub-resource and its DNS zone. */
export const KEY_VAULT_PRIVATE_LINK: readonly PrivateLinkGroup[] = [{ groupId: "vault", dnsZone: "privatelink.vaultcore.azure.net" }];
/** Vault log categories sent to Log Analytics: every data-plane call (who read which secret). */
export const KEY_VAULT_DIAGNOSTIC_LOGS = ["AuditEvent"] as const;
/** Days a deleted vault or secret can be recovered (Azure's maximum; purge protection holds them that long). */
export const KEY_VAULT_SOFT_DELETE_DAYS = 90;

export interface KeyVaultArgs extends AzurePlacement {
    /** Globally unique vault name (`azureName("keyVault", ...)`). */
    readonly vaultName: pulumi.Input<string>;
    /** The Entra ID tenant whose identities the vault's RBAC knows. */
    readonly tenantId: pulumi.Input<string>;
    /**
     * Reach the vault's data plane through a private endpoint and refuse public network access.
     * @default - public network access, Entra ID (RBAC) authorization only
     */
    readonly privateLink?: PrivateLinkPlacement;
    /** Names private endpoints for a group id. Required with privateLink. */
    readonly endpointName?: (groupId: string) => string;
    /**
     * Create the vault with `protect: true`.
     * @default false
     */
    readonly protect?: boolean;
}

/**
 * The stack's Key Vault: Azure RBAC authorization (no access policies), soft delete for the maximum
 * 90 days with purge protection (a deleted secret or the vault itself cannot be destroyed before
 * then), and, with `privateLink`, no public network access. It holds the workloads' credentials
 * (WorkloadSecrets) and the image-signing certificate (SigningCertificate).
 */
export class KeyVault extends pulumi.ComponentResource {
    readonly vault: keyvault.Vault;
    readonly vaultId: pulumi.Output<string>;
    readonly vaultName: pulumi.Output<string>;
    /** `https://<name>.vault.azure.net/`; with a private endpoint, known once the name resolves to it from the runners. */
    readonly vaultUri: pulumi.Output<string>;
    readonly tenantId: pulumi.Input<string>;

    constructor(name: string, args: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:KeyVault", name, {}, opts);
        if (args.privateLink && !args.endpointName) throw new Error(`KeyVault "${name}": privateLink needs endpointName to name the private endpoint`);

        this.tenantId = args.tenantId;
        this.vault = new keyvault.Vault(
            `${name}-vault`,
            {
                vaultName: args.vaultName,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                properties: {
                    tenantId: args.tenantId,
                    sku: { family: "A", name: "standard" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
                    enablePurgeProtection: true,
                    enabledForDeployment: false,
                    enabledForDiskEncryption: false,
                    enabledForTemplateDeployment: false,
                    publicNetworkAccess: args.privateLink ? "Disabled" : "Enabled",
                    networkAcls: { bypass: "AzureServices", defaultAction: args.privateLink ? "Deny" : "Allow" },
                },
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.vaultId = this.vault.id;
        this.vaultName = this.vault.name;
        const uri = this.vault.properties.apply((p) => p.vaultUri ?? "");
        if (args.privateLink) {
            const { resolvable } = createPrivateEndpoints(
                name,
                {
                    resourceGroupName: args.resourceGroupName,
                    location: args.location,
                    endpointName: args.endpointName!,
                    targetId: this.vault.id,
                    groups: KEY_VAULT_PRIVATE_LINK,
                    placement: args.privateLink,
                    tags: args.tags,
                },
                this,
            );
            this.vaultUri = pulumi.all([uri, resolvable]).apply(([value]) => value);
        } else {
            this.vaultUri = uri;
        }

        this.registerOutputs({ vaultId: this.vaultId, vaultUri: this.vaultUri });
    }

    /** Create and renew certificates (the deployer creates the image-signing certificate). */
    certificatesOfficer(): RoleGrant {
        return { role: "Key Vault Certificates Officer", scope: this.vault.id, label: "kv-certificates-officer" };
    }

    /** Sign with the vault's keys (Notation's azure-kv plugin signs images with the deployer's identity). */
    cryptoUser(): RoleGrant {
        return { role: "Key Vault Crypto User", scope: this.vault.id, label: "kv-crypto-user" };
    }

    /** Read certificates (Ratify reads the signing certificate to verify signatures). */
    certificateUser(): RoleGrant {
        return { role: "Key Vault Certificate User", scope: this.vault.id, label: "kv-certificate-user" };
    }
}
