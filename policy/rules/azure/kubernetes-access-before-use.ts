import type { PolicyResource } from "@pulumi/policy";
import { waitsFor } from "../../lib/graph";
import { at } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * Data-plane roles by the provider that needs them and the Azure resource it talks to. Owner and
 * Contributor carry no data-plane rights: a new stack's first call is refused without these.
 */
const ACCESS = {
    "pulumi:providers:kubernetes": {
        target: "azure-native:containerservice:ManagedCluster",
        what: "the cluster",
        roles: {
            "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b": "Azure Kubernetes Service RBAC Cluster Admin",
            "3498e952-d568-435e-9b2c-8d77e338d7f7": "Azure Kubernetes Service RBAC Admin",
            "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb": "Azure Kubernetes Service RBAC Writer",
        },
    },
    "pulumi:providers:grafana": {
        target: "azure-native:dashboard:Grafana",
        what: "Grafana",
        roles: {
            "22926164-76b3-42b3-bc55-97df8dab3e41": "Grafana Admin",
            "a79a5197-3a5c-4973-a920-486035ffd60f": "Grafana Editor",
        },
    },
} as const satisfies Record<string, { target: string; what: string; roles: Record<string, string> }>;

const roleGuid = (grant: PolicyResource) => String(at(grant.props, ["roleDefinitionId"]) ?? "").split("/").pop()?.toLowerCase() ?? "";

/** Whether `scope` contains the resource with ARM id `id` (unknown ids cannot be judged: they count as contained). */
function contains(scope: unknown, id: unknown): boolean {
    if (typeof scope !== "string" || typeof id !== "string" || scope === "" || id === "") return true;
    const s = scope.toLowerCase().replace(/\/+$/, "");
    const i = id.toLowerCase();
    return i === s || i.startsWith(`${s}/`);
}

/**
 * The identity that deploys must be able to use a cluster's (or Grafana's) data plane before the
 * first call: its grant must exist and have propagated. Azure takes up to minutes to propagate a new
 * role assignment, so the grant must be made before the target is created (a scope that exists
 * before it, such as its resource group, with the target waiting for the grant): the propagation
 * then overlaps the target's creation. A grant on the target itself can only follow it, and the
 * first call right after would be refused.
 */
export const kubernetesAccessBeforeUse = stackRule(
    {
        name: "kubernetes-access-before-use",
        description: "Every Kubernetes and Grafana provider of an Azure cluster or Grafana waits for a data-plane role grant that covers its target and was made before the target (so it has propagated by first use).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Grant the role on a scope that exists before the target (its resource group), make the target depend on the grant, and make the provider depend on it (AksCluster and ManagedGrafana do).",
    },
    (resources) =>
        resources.flatMap((provider) => {
            const access = ACCESS[provider.type as keyof typeof ACCESS];
            if (!access) return [];
            const before = waitsFor(provider);
            const target = before.find((r) => r.type === access.target);
            if (!target) return [];
            const grants = before.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && roleGuid(r) in access.roles);
            const effective = grants.filter((g) => contains(at(g.props, ["scope"]), at(target.props, ["id"])) && waitsFor(target).includes(g));
            if (effective.length > 0) return [];
            const found = grants.map((g) => {
                const role = access.roles[roleGuid(g) as keyof typeof access.roles];
                if (!contains(at(g.props, ["scope"]), at(target.props, ["id"]))) return `${g.name} (${role} on ${show(at(g.props, ["scope"]))}, which does not contain ${target.name})`;
                return `${g.name} (${role}; ${target.name} does not wait for it, so it may not have propagated at first use)`;
            });
            return [
                {
                    resource: provider,
                    violation: {
                        field: `dependencies (data-plane access to ${target.name})`,
                        actual: found.length > 0 ? found.join("; ") : "no data-plane grant",
                        expected: `a grant of ${Object.values(access.roles).join(" or ")} covering ${access.what}, made before ${access.what} (${target.name} and this provider wait for it)`,
                        fix: `grant the role on ${access.what}'s resource group, and add the grant to the dependsOn of ${target.name} and of this provider`,
                    },
                },
            ];
        }),
);
