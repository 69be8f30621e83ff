/**
 * Azure RBAC as intent: the built-in roles the platform grants, named once, and a grant descriptor
 * (`RoleGrant`) that resource components hand out (`registry.pull()`, `lake.readWrite("bronze")`)
 * and principal-owning components assign (`assignRoles`). No caller writes a role GUID.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/** Built-in role definition GUIDs (the same in every Azure tenant). */
export const BUILTIN_ROLES = {
    "AcrPull": "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    "AcrPush": "8311e382-0749-4cb8-b61a-304f252e45ec",
    "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
    "Private DNS Zone Contributor": "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    "Azure Kubernetes Service RBAC Cluster Admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    "Azure Kubernetes Service Cluster User Role": "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
    "Monitoring Data Reader": "b0d8363b-8ddd-447d-831f-62ca05bff136",
    "Grafana Admin": "22926164-76b3-42b3-bc55-97df8dab3e41",
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
    "Key Vault Certificates Officer": "a4417e6f-fecd-4de8-b567-7b0420556985",
    "Key Vault Certificate User": "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

export type BuiltinRole = keyof typeof BUILTIN_ROLES;

/** A role on a scope, as a resource component offers it. */
export interface RoleGrant {
    readonly role: BuiltinRole;
    /** ARM id of the scope (a resource, or a sub-resource such as a blob container). */
    readonly scope: pulumi.Input<string>;
    /** Short name of what is granted, used in resource names (e.g. "acr-pull", "lake-bronze-rw"). */
    readonly label: string;
}

/** Who receives a grant. */
export interface Principal {
    readonly principalId: pulumi.Input<string>;
    /**
     * Set it for managed identities and groups: ARM then skips the directory lookup that fails for
     * identities created seconds earlier (replication delay).
     * @default - unset (ARM looks the principal up)
     */
    readonly principalType?: "ServicePrincipal" | "Group" | "User";
}

/** The subscription id inside an ARM id ("/subscriptions/<id>/..."). */
export function subscriptionOf(armId: string): string {
    const match = /^\/subscriptions\/([^/]+)/i.exec(armId);
    if (!match) {
        throw new Error(`not an ARM id inside a subscription: "${armId}"`);
    }
    return match[1];
}

/** The full role definition id of `role`, in the subscription of `scope`. */
export function roleDefinitionId(scope: string, role: BuiltinRole): string {
    return `/subscriptions/${subscriptionOf(scope)}/providers/Microsoft.Authorization/roleDefinitions/${BUILTIN_ROLES[role]}`;
}

/**
 * Assigns each grant to `principal`; resources are named `<name>-<grant label>` and take `opts`
 * (pass `{ parent: this }` from a component).
 */
export function assignRoles(
    name: string,
    principal: Principal,
    grants: readonly RoleGrant[],
    opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment[] {
    const labels = grants.map((g) => g.label);
    const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
    if (repeated.length > 0) {
        throw new Error(`role grants for "${name}" repeat the label(s) ${[...new Set(repeated)].join(", ")}; each grant needs its own`);
    }
    return grants.map(
        (grant) =>
            new authorization.RoleAssignment(
                `${name}-${grant.label}`,
                {
                    principalId: principal.principalId,
                    principalType: principal.principalType,
                    scope: grant.scope,
                    roleDefinitionId: pulumi.output(grant.scope).apply((scope) => roleDefinitionId(scope, grant.role)),
                    description: `${grant.role} for ${name} (managed by Pulumi)`,
                },
                opts,
            ),
    );
}
