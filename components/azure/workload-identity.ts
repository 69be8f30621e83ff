import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { assignRoles, type Principal, type RoleGrant } from "./roles";
import type { AzurePlacement } from "./placement";

/** The audience AKS workload identity tokens are issued for. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** Kubernetes names (namespaces, service accounts): DNS labels. */
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The Kubernetes ServiceAccount an identity is bound to. */
export interface ServiceAccountRef {
    readonly namespace: string;
    readonly name: string;
}

/** The federated credential subject of a ServiceAccount. */
export function serviceAccountSubject(account: ServiceAccountRef): string {
    const problems = (["namespace", "name"] as const)
        .filter((key) => !DNS_LABEL.test(account[key]))
        .map((key) => `${key} "${account[key]}" is not a Kubernetes name (lower-case DNS label, at most 63 characters)`);
    if (problems.length > 0) {
        throw new Error(`invalid ServiceAccount: ${problems.join("; ")}`);
    }
    return `system:serviceaccount:${account.namespace}:${account.name}`;
}

export interface WorkloadIdentityArgs extends AzurePlacement {
    /** Name of the user-assigned identity (from the naming function). */
    readonly identityName: string;
    /** The cluster's OIDC issuer URL (AksCluster.oidcIssuerUrl). */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** The one ServiceAccount allowed to act as this identity. */
    readonly serviceAccount: ServiceAccountRef;
    /**
     * Roles for the identity, as resource components offer them (e.g. `lake.readWrite("bronze")`).
     * @default - none
     */
    readonly grants?: readonly RoleGrant[];
}

/**
 * An Entra ID identity for one Kubernetes ServiceAccount: a user-assigned managed identity, a
 * federated credential that trusts the cluster's OIDC issuer for exactly that ServiceAccount, and
 * the identity's role assignments. Pods of the ServiceAccount get tokens without any secret.
 */
export class WorkloadIdentity extends pulumi.ComponentResource {
    readonly identity: managedidentity.UserAssignedIdentity;
    /** Goes into the ServiceAccount annotation `azure.workload.identity/client-id`. */
    readonly clientId: pulumi.Output<string>;
    readonly principal: Principal;
    /** `system:serviceaccount:<namespace>:<name>` */
    readonly subject: string;

    constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:WorkloadIdentity", name, {}, opts);
        this.subject = serviceAccountSubject(args.serviceAccount);

        this.identity = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            { resourceName: args.identityName, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags },
            { parent: this },
        );
        this.clientId = this.identity.clientId;
        this.principal = { principalId: this.identity.principalId, principalType: "ServicePrincipal" };

        new managedidentity.FederatedIdentityCredential(
            `${name}-federation`,
            {
                federatedIdentityCredentialResourceName: `${args.serviceAccount.namespace}-${args.serviceAccount.name}`,
                resourceName: this.identity.name,
                resourceGroupName: args.resourceGroupName,
                issuer: args.oidcIssuerUrl,
                subject: this.subject,
                audiences: [WORKLOAD_IDENTITY_AUDIENCE],
            },
            { parent: this },
        );
        assignRoles(name, this.principal, args.grants ?? [], { parent: this });

        this.registerOutputs({ clientId: this.clientId, principalId: this.identity.principalId, subject: this.subject });
    }
}
