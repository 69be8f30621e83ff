import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { createPrivateEndpoints, type PrivateLinkGroup, type PrivateLinkPlacement } from "./private-endpoint";
import type * as types from "@pulumi/azure-native/types";
import type { RoleGrant } from "./roles";
import type { AzurePlacement } from "./placement";

/** Private Link sub-resources of a lake account: blob (Blob API) and dfs (ABFS, used by Flink and Spark). */
export const LAKE_PRIVATE_LINK: readonly PrivateLinkGroup[] = [
    { groupId: "blob", dnsZone: "privatelink.blob.core.windows.net" },
    { groupId: "dfs", dnsZone: "privatelink.dfs.core.windows.net" },
];
/** Blob service log categories sent to Log Analytics (every read, write and delete, with the caller). */
export const LAKE_DIAGNOSTIC_LOGS = ["StorageRead", "StorageWrite", "StorageDelete"] as const;
/** Blob service metric categories (a blob service has no "AllMetrics"). */
export const LAKE_DIAGNOSTIC_METRICS = ["Transaction"] as const;
/** Container names: 3-63 lower-case letters, digits and single hyphens, starting with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Lifecycle expiry a container may be given, days: a day at least, ten years at most (beyond that, keep it: no rule). */
export const EXPIRY_DAYS = { min: 1, max: 3650 } as const;

/** One container of the account. */
export interface LakeContainer {
    readonly name: string;
    /**
     * Delete blobs this many days after their last change (a lifecycle rule on the container).
     * @default - kept until deleted
     */
    readonly expireAfterDays?: number;
    /**
     * The container is an Iceberg warehouse: tables only, whose files their metadata references, so
     * no lifecycle rule may delete under it (the tables expire data themselves). Marked in the
     * container's metadata (`iceberg-warehouse`), where the stack policy finds it.
     * @default false
     */
    readonly icebergWarehouse?: boolean;
}

/** Container metadata key that marks an Iceberg warehouse. */
export const WAREHOUSE_METADATA_KEY = "icebergwarehouse";

export interface DataLakeArgs extends AzurePlacement {
    /** Globally unique account name (`azureName("storageAccount", ...)` with a unique seed). */
    readonly accountName: pulumi.Input<string>;
    /** Redundancy: LRS for development, GZRS (zone- and geo-redundant) for production. */
    readonly sku: "Standard_LRS" | "Standard_ZRS" | "Standard_GZRS";
    /** Containers to create (at least one), each with its optional expiry. */
    readonly containers: readonly LakeContainer[];
    /**
     * Days deleted blobs and containers stay recoverable.
     * @default 7
     */
    readonly softDeleteDays?: number;
    /**
     * Reach the account through private endpoints (blob, dfs) and deny public network access.
     * @default - public endpoint, Entra ID only
     */
    readonly privateLink?: PrivateLinkPlacement;
    /** Names private endpoints for a group id. Required with privateLink. */
    readonly endpointName?: (groupId: string) => string;
    /**
     * Create the account with `protect: true`.
     * @default false
     */
    readonly protect?: boolean;
}

/** `<account>.dfs.core.windows.net`: the ADLS Gen2 endpoint host of an account. */
export function dfsHost(account: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`${account}.dfs.core.windows.net`;
}

/** `abfss://<container>@<account>.dfs.core.windows.net/<path>`: how Flink and Spark address a lake path. */
export function abfssUrl(account: pulumi.Input<string>, container: string, path = ""): pulumi.Output<string> {
    return pulumi.interpolate`abfss://${container}@${dfsHost(account)}/${path}`;
}

/** Default soft-delete days when the caller gives none. */
const DEFAULT_SOFT_DELETE_DAYS = 7;

/**
 * An ADLS Gen2 account (StorageV2 with hierarchical namespace): TLS 1.2, HTTPS only, no public blob
 * access, Entra ID by default, blob and container soft delete, one container per entry with an
 * optional lifecycle expiry, and private endpoints with default-deny network rules where asked.
 */
export class DataLake extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly accountId: pulumi.Output<string>;
    readonly accountName: pulumi.Output<string>;
    /** `https://<account>.dfs.core.windows.net/` */
    readonly dfsEndpoint: pulumi.Output<string>;
    /** Names of the containers created. */
    readonly containerNames: readonly string[];
    /** The containers, by name: a grant on one is scoped to (and so waits for) the container itself. */
    private readonly containers = new Map<string, storage.BlobContainer>();
    /** The blob service's ARM id (diagnostic settings attach there). */
    readonly blobServiceId: pulumi.Output<string>;
    /** The component's name, which prefixes the labels of its grants. */
    private readonly label: string;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:DataLake", name, {}, opts);
        validate(name, args);
        this.label = name;
        const { resourceGroupName, location } = args;
        const softDeleteDays = args.softDeleteDays ?? DEFAULT_SOFT_DELETE_DAYS;

        this.account = new storage.StorageAccount(
            `${name}-account`,
            {
                accountName: args.accountName,
                resourceGroupName,
                location,
                kind: "StorageV2",
                sku: { name: args.sku },
                accessTier: "Hot",
                isHnsEnabled: true,
                minimumTlsVersion: "TLS1_2",
                enableHttpsTrafficOnly: true,
                allowBlobPublicAccess: false,
                // Entra ID only: no account key opens this account (Flink too uses workload identity).
                allowSharedKeyAccess: false,
                defaultToOAuthAuthentication: true,
                allowCrossTenantReplication: false,
                publicNetworkAccess: args.privateLink ? "Disabled" : "Enabled",
                networkRuleSet: { defaultAction: args.privateLink ? "Deny" : "Allow", bypass: "AzureServices" },
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.accountId = this.account.id;
        this.accountName = this.account.name;
        this.dfsEndpoint = this.account.primaryEndpoints.apply((e) => e.dfs);

        const blobService = new storage.BlobServiceProperties(
            `${name}-blob-service`,
            {
                accountName: this.account.name,
                resourceGroupName,
                blobServicesName: "default",
                deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
                containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
            },
            { parent: this },
        );
        this.blobServiceId = blobService.id;

        this.containerNames = args.containers.map((c) => c.name);
        for (const container of args.containers) {
            this.containers.set(
                container.name,
                new storage.BlobContainer(
                    `${name}-${container.name}`,
                    {
                        containerName: container.name,
                        accountName: this.account.name,
                        resourceGroupName,
                        publicAccess: "None",
                        metadata: container.icebergWarehouse ? { [WAREHOUSE_METADATA_KEY]: "true" } : undefined,
                    },
                    { parent: this, dependsOn: [blobService] },
                ),
            );
        }

        const rules = lifecycleRules(args.containers);
        if (rules.length > 0) {
            new storage.ManagementPolicy(
                `${name}-lifecycle`,
                { accountName: this.account.name, resourceGroupName, managementPolicyName: "default", policy: { rules } },
                { parent: this },
            );
        }

        if (args.privateLink) {
            createPrivateEndpoints(
                name,
                {
                    resourceGroupName,
                    location,
                    endpointName: args.endpointName!,
                    targetId: this.account.id,
                    groups: LAKE_PRIVATE_LINK,
                    placement: args.privateLink,
                    tags: args.tags,
                },
                this,
            );
        }

        this.registerOutputs({ accountId: this.accountId, accountName: this.accountName, dfsEndpoint: this.dfsEndpoint });
    }

    /** Storage Blob Data Contributor on one container, or on the whole account. */
    readWrite(container?: string): RoleGrant {
        return this.grant("Storage Blob Data Contributor", "rw", container);
    }

    /** Storage Blob Data Reader on one container, or on the whole account. */
    read(container?: string): RoleGrant {
        return this.grant("Storage Blob Data Reader", "ro", container);
    }

    /** The abfss:// URL of `path` in one of this account's containers. */
    abfssUrl(container: string, path = ""): pulumi.Output<string> {
        this.requireContainer(container);
        return abfssUrl(this.account.name, container, path);
    }

    private grant(role: RoleGrant["role"], access: string, container?: string): RoleGrant {
        if (container === undefined) {
            return { role, scope: this.account.id, label: `${this.label}-${access}` };
        }
        this.requireContainer(container);
        return {
            role,
            // The container's own ARM id: the assignment waits for the container, not just the account.
            scope: this.containers.get(container)!.id,
            label: `${this.label}-${container}-${access}`,
        };
    }

    private requireContainer(container: string): void {
        if (!this.containerNames.includes(container)) {
            throw new Error(`no container "${container}" in this account; it has ${this.containerNames.join(", ")}`);
        }
    }

}

/** One lifecycle rule per container with an expiry: delete block blobs under `<container>/` after N days. */
export function lifecycleRules(containers: readonly LakeContainer[]): types.input.storage.ManagementPolicyRuleArgs[] {
    return containers
        .filter((c) => c.expireAfterDays !== undefined)
        .map((c) => ({
            name: `expire-${c.name}`,
            enabled: true,
            type: "Lifecycle",
            definition: {
                filters: { blobTypes: ["blockBlob"], prefixMatch: [`${c.name}/`] },
                actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: c.expireAfterDays } } },
            },
        }));
}

function validate(name: string, args: DataLakeArgs): void {
    const problems: string[] = [];
    if (args.containers.length === 0) {
        problems.push("containers is empty; give at least one");
    }
    const names = args.containers.map((c) => c.name);
    for (const container of args.containers) {
        if (!CONTAINER_NAME.test(container.name)) {
            problems.push(`container "${container.name}" is not a valid name (3-63 lower-case letters, digits and single hyphens)`);
        }
        if (container.icebergWarehouse && container.expireAfterDays !== undefined) {
            problems.push(`container "${container.name}" is an Iceberg warehouse and has expireAfterDays ${container.expireAfterDays}: a lifecycle rule would delete files its tables reference; drop the expiry (table maintenance expires data)`);
        }
        if (container.expireAfterDays !== undefined && (!Number.isInteger(container.expireAfterDays) || container.expireAfterDays < 1)) {
            problems.push(`container "${container.name}": expireAfterDays ${container.expireAfterDays} is not a positive whole number of days`);
        }
    }
    const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    if (repeated.length > 0) {
        problems.push(`containers repeat ${repeated.join(", ")}`);
    }
    if (args.privateLink && !args.endpointName) {
        problems.push("privateLink needs endpointName to name the private endpoints");
    }
    if (problems.length > 0) {
        throw new Error(`DataLake "${name}": ${problems.join("; ")}`);
    }
}
