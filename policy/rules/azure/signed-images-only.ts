import { at, list, namespaceOf, record, workloadsOf } from "../../lib/kubernetes";
import { waitsFor } from "../../lib/graph";
import { stackRule, type StackResource } from "../../lib/rule";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const REGISTRY = "azure-native:containerregistry:Registry";
const DEFINITION = "azure-native:authorization:PolicyDefinition";
const ASSIGNMENT = "azure-native:authorization:PolicyAssignment";
const RELEASE = "kubernetes:helm.sh/v3:Release";
/** The external data provider the constraint must ask (Ratify's chart names it so). */
const VERIFIER = "ratify-provider";
/** Namespaces AKS and the Azure Policy add-on own: pods there are not the stack's. */
const SYSTEM_NAMESPACES = new Set(["kube-system", "gatekeeper-system"]);

interface Config {
    /** The effect the assignment must have: Deny refuses unsigned images, Audit reports them. */
    readonly effect?: "Deny" | "Audit";
}

type Violation = { field: string; actual: string; expected: string; fix: string };

/** The constraint template inside a Microsoft.Kubernetes.Data definition, decoded (base64 or inline). */
function templateOf(definition: StackResource): string {
    const info = record(at(definition.props, ["policyRule", "then", "details", "templateInfo"]));
    const content = info?.content;
    if (typeof content !== "string") return "";
    return info?.sourceType === "Base64Encoded" ? Buffer.from(content, "base64").toString("utf8") : content;
}

const same = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.toLowerCase().replace(/\/+$/, "") === b.toLowerCase().replace(/\/+$/, "");

// The values the policy SDK stands in for what a preview does not know yet (not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };

/** A property that may be unknown until apply (read through the SDK's proxy it throws, raw it is the sentinel): undefined then. */
function known(resource: StackResource, path: readonly string[]): unknown {
    try {
        const value = at(resource.props, path);
        return value === unknownStringValue ? undefined : value;
    } catch {
        return undefined;
    }
}

/**
 * Whether `a` names `b` by id: equal ids, or, where either id is unknown until apply (a first
 * deploy), a dependency of `a` on `b` (the id flows from `b`).
 */
function names(a: StackResource, path: readonly string[], b: StackResource): boolean {
    const id = known(a, path);
    const target = known(b, ["id"]);
    if (typeof id === "string" && typeof target === "string") return same(id, target);
    return waitsFor(a).includes(b);
}

/**
 * The cluster admits only signed images from the stack's registry: an Azure Policy assignment on the
 * cluster, with the configured effect, of a definition whose Gatekeeper constraint asks Ratify about
 * every image of a pod, covering every namespace the stack runs pods in; and Ratify trusting
 * Notation signatures for the stack's registry, from the certificate in Key Vault. No per-object
 * engine sees this: it takes the cluster, the registry, the definition, the assignment, the Ratify
 * release and every workload's namespace together.
 */
export const signedImagesOnly = stackRule<Config>(
    {
        name: "signed-images-only",
        description: "The AKS cluster verifies image signatures: an Azure Policy assignment (the configured effect) of a Ratify constraint over every namespace the stack runs pods in, and Ratify trusting the stack registry's Notation signatures.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set the profile's supplyChain to sign and verify (ImageVerification: the Ratify release, the policy definition and its assignment on the cluster).",
        configSchema: { properties: { effect: { type: "string", enum: ["Deny", "Audit"], default: "Deny" } } },
    },
    (resources, config) => {
        const cluster = resources.find((r) => r.type === CLUSTER);
        if (!cluster) return { notApplicable: "the stack has no AKS cluster" };
        const effect = config.effect ?? "Deny";
        const registry = resources.find((r) => r.type === REGISTRY);
        const loginServer = registry ? known(registry, ["loginServer"]) : undefined;
        const findings: { resource: StackResource; violation: Violation }[] = [];
        const fail = (resource: StackResource, violation: Violation) => findings.push({ resource, violation });

        const verifying = resources.filter((r) => r.type === DEFINITION && at(r.props, ["mode"]) === "Microsoft.Kubernetes.Data" && templateOf(r).includes(`"provider": "${VERIFIER}"`));
        const assignments = resources.filter((r) => r.type === ASSIGNMENT && names(r, ["scope"], cluster));
        const assignment = assignments.find((a) => verifying.some((d) => names(a, ["policyDefinitionId"], d)));
        if (!assignment) {
            fail(cluster, {
                field: "policy assignments",
                actual: verifying.length === 0 ? "no policy definition whose constraint asks Ratify (external_data provider ratify-provider)" : `no assignment on the cluster of ${verifying.map((d) => d.name).join(", ")}`,
                expected: `an Azure Policy assignment on the cluster of a Microsoft.Kubernetes.Data definition whose constraint sends every image to ${VERIFIER}, effect ${effect}`,
                fix: "enable the profile's supplyChain.verify (ImageVerification)",
            });
        } else {
            const actualEffect = at(assignment.props, ["parameters", "effect", "value"]);
            if (actualEffect !== effect) {
                fail(assignment, {
                    field: "parameters.effect.value",
                    actual: JSON.stringify(actualEffect ?? "(the definition's default)"),
                    expected: JSON.stringify(effect),
                    fix: `set the profile's supplyChain.verify to ${effect}`,
                });
            }
            if (at(assignment.props, ["enforcementMode"]) === "DoNotEnforce") {
                fail(assignment, { field: "enforcementMode", actual: '"DoNotEnforce"', expected: '"Default"', fix: "enforce the assignment" });
            }
            const covered = list(at(assignment.props, ["parameters", "namespaces", "value"])).filter((n): n is string => typeof n === "string");
            // An empty list covers every namespace.
            if (covered.length > 0) {
                const running = [...new Set(workloadsOf(resources).map((w) => namespaceOf(record(w.resource.props) ?? {})))].filter((n) => !SYSTEM_NAMESPACES.has(n));
                const missing = running.filter((n) => !covered.includes(n)).sort();
                if (missing.length > 0) {
                    fail(assignment, {
                        field: "parameters.namespaces.value",
                        actual: JSON.stringify(covered),
                        expected: `every namespace the stack runs pods in, including ${missing.join(", ")}`,
                        fix: "pass every platform namespace to ImageVerification (namespaces)",
                    });
                }
            }
        }

        const ratify = resources.find((r) => r.type === RELEASE && at(r.props, ["chart"]) === "ratify");
        if (!ratify) {
            fail(cluster, {
                field: "Helm releases",
                actual: "no Ratify release",
                expected: `Ratify (chart ratify), the ${VERIFIER} the constraint asks`,
                fix: "enable the profile's supplyChain.verify (ImageVerification)",
            });
        } else {
            const policies = list(known(ratify, ["values", "notation", "trustPolicies"]));
            // A scope unknown until apply (the registry's login server on a first deploy) counts as the registry's.
            const scopesOf = (p: unknown) => {
                try {
                    return list(at(p, ["registryScopes"]));
                } catch {
                    return [undefined];
                }
            };
            const scoped = policies.some((p) => scopesOf(p).some((scope) => typeof loginServer !== "string" || typeof scope !== "string" || scope === unknownStringValue || same(scope, loginServer)));
            if (!scoped) {
                fail(ratify, {
                    field: "values.notation.trustPolicies[].registryScopes",
                    actual: JSON.stringify(policies.flatMap(scopesOf)),
                    expected: `a trust policy scoped to the stack's registry ${typeof loginServer === "string" ? loginServer : ""}`.trim(),
                    fix: "scope Ratify's Notation trust policy to the stack registry's login server",
                });
            }
            const fromVault = policies.some((p) => list(at(p, ["trustStores"])).includes("ca:azurekeyvault")) && at(ratify.props, ["values", "azurekeyvault", "enabled"]) === true;
            if (!fromVault) {
                fail(ratify, {
                    field: "values.azurekeyvault / trustStores",
                    actual: "signatures not checked against the Key Vault certificate",
                    expected: 'azurekeyvault.enabled true and a trust store "ca:azurekeyvault"',
                    fix: "trust the signing certificate in the stack's Key Vault (ImageVerification)",
                });
            }
        }
        return findings;
    },
);
