/**
 * Where each workload's secret settings live, decided once per target: on Azure in the stack's Key
 * Vault, read by the workload's own identity through the Secrets Store CSI driver; on a local
 * cluster in a Kubernetes Secret. Components take the result and never know which.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { WorkloadIdentity } from "../components/azure/workload-identity";
import { WorkloadSecrets } from "../components/azure/workload-secrets";
import { valuesInSecret, type SecretContent, type SecretStore } from "../components/kubernetes/workload-secret";
import type { PlatformConfig } from "./config";
import type { Foundation } from "./stages/foundation";

/** Where `owner`'s secret `values` live (read as `reader` on Azure); undefined when it has none. */
export function secretContentFor(
    config: PlatformConfig,
    foundation: Foundation,
    reader: WorkloadIdentity | undefined,
    owner: string,
    values: Readonly<Record<string, pulumi.Input<string>>>,
): SecretContent | undefined {
    return Object.keys(values).length > 0 ? secretStoreFor(config, foundation, reader, owner)(owner, values) : undefined;
}

/** The store of the workloads that read their secrets as `reader` (required on Azure). */
export function secretStoreFor(config: PlatformConfig, foundation: Foundation, reader: WorkloadIdentity | undefined, who: string): SecretStore {
    if (foundation.kind !== "azure") return valuesInSecret;
    if (!reader) throw new Error(`${who}: on Azure its secrets are in Key Vault, read with its workload identity, and it has none`);
    const { keyVault, resourceGroup } = foundation;
    return (owner: string, values: Readonly<Record<string, pulumi.Input<string>>>, parent?: pulumi.Resource): SecretContent => {
        const secrets = new WorkloadSecrets(
            `secrets-${owner}`,
            { vault: keyVault, resourceGroupName: resourceGroup.name, owner, values, reader: reader.principal, tags: config.tags },
            parent ? { parent } : undefined,
        );
        return {
            kind: "key-vault",
            source: { vaultName: keyVault.vaultName, tenantId: keyVault.tenantId, clientId: reader.clientId, objects: secrets.objects },
            // The add-on that installs SecretProviderClass comes with the cluster (custom-resources-after-definitions checks it).
            definedBy: foundation.cluster.cluster,
        };
    };
}
