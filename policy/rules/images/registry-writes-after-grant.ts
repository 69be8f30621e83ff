import type { PolicyResource } from "@pulumi/policy";
import { waitsFor } from "../../lib/graph";
import { at, list, ofType, record } from "../../lib/kubernetes";
import { stackRule } from "../../lib/rule";

/** Built-in roles whose data actions include pushing to a registry (AcrPush; Owner and Contributor as well). */
const PUSH_ROLES: Readonly<Record<string, string>> = {
    "8311e382-0749-4cb8-b61a-304f252e45ec": "AcrPush",
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
};

/** `az acr import --name '<registry>'`: the registry a promotion command imports into. */
const IMPORT = /^az acr import --name '([^']+)'/;

const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : "");

/**
 * What writes to the stack's registry (a docker-build Image that pushes, a command that imports a
 * promoted image and reads it back) must wait for the grant that lets the deployer write there:
 * a new role assignment takes minutes to propagate, and nothing else orders the two (the push has
 * no data link to the grant: ServiceImage and PromotedImage add the dependsOn this rule checks).
 */
export const registryWritesAfterGrant = stackRule(
    {
        name: "registry-writes-after-grant",
        description: "Every push to, or import into, the stack's container registry waits for a role assignment that lets the deployer write there (AcrPush, Owner or Contributor on the registry or a scope containing it).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Pass the registry's pushGrants to ServiceImage (pushAfter) or PromotedImage (importAfter), as the program's images stage does.",
    },
    (resources) => {
        const registries = ofType(resources, "azure-native:containerregistry:Registry");
        const grants = ofType(resources, "azure-native:authorization:RoleAssignment").filter(({ props }) => String(props.roleDefinitionId ?? "").split("/").pop()!.toLowerCase() in PUSH_ROLES);
        const writers: { resource: PolicyResource; field: string; registry: (typeof registries)[number] }[] = [];
        for (const { resource, props } of ofType(resources, "docker-build:index:Image")) {
            if (props.push === false) continue;
            for (const [i, login] of list(props.registries).entries()) {
                const registry = registries.find(({ props: r }) => lower(r.loginServer) === lower(record(login)?.address));
                if (registry) writers.push({ resource, field: `registries[${i}]`, registry });
            }
        }
        for (const { resource, props } of ofType(resources, "command:local:Command")) {
            const target = IMPORT.exec(String(props.create ?? ""))?.[1];
            const registry = target && registries.find(({ props: r }) => lower(r.registryName ?? r.name) === lower(target));
            if (registry) writers.push({ resource, field: "create", registry });
        }
        return writers.flatMap(({ resource, field, registry }) => {
            const id = lower(at(registry.props, ["id"]));
            const covering = grants.filter(({ props }) => id === "" || id === lower(props.scope) || id.startsWith(`${lower(props.scope).replace(/\/+$/, "")}/`));
            const before = new Set(waitsFor(resource));
            if (covering.some((g) => before.has(g.resource))) return [];
            return [
                {
                    resource,
                    violation: {
                        field: `${field} (a write to ${registry.resource.name})`,
                        actual: covering.length > 0 ? `no wait for ${covering.map((g) => g.resource.name).join(", ")}` : "no grant in the stack lets the deployer write to it",
                        expected: `a dependency on a grant of ${Object.values(PUSH_ROLES).join(", ")} covering ${registry.resource.name}`,
                        fix: "depend on the registry's pushGrants (ServiceImage pushAfter, PromotedImage importAfter)",
                    },
                },
            ];
        });
    },
);
