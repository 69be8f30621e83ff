/**
 * Runs a rule's validation directly, as the analyzer would, and reports its outcome: the violation
 * messages, or "not applicable" with its reason. Config defaults come from the rule's own schema,
 * overridden by `config`, like the Pulumi CLI resolves them.
 */
import type { PolicyResourceOptions, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resolvePolicyConfig, type PolicyDescription } from "../../tools/plan/policy-config";

export type Outcome = { applicable: true; messages: string[] } | { applicable: false; reason: string };

class NotApplicable extends Error {}

/** A rule as GetAnalyzerInfo would describe it, for resolvePolicyConfig. */
export function describePolicy(policy: ResourceValidationPolicy | StackValidationPolicy): PolicyDescription {
    return {
        name: policy.name,
        enforcementLevel: policy.enforcementLevel ?? "advisory",
        properties: (policy.configSchema?.properties ?? {}) as PolicyDescription["properties"],
        required: policy.configSchema?.required ?? [],
    };
}

/** The rule's config as the CLI would resolve it (schema defaults under `config`), validated. */
function configOf(policy: ResourceValidationPolicy | StackValidationPolicy, config: Record<string, unknown>) {
    const resolved = resolvePolicyConfig("(test config)", [describePolicy(policy)], { [policy.name]: config });
    return <T>() => resolved[policy.name].properties as T;
}

const OPTIONS: PolicyResourceOptions = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

export interface TestResource {
    type: string;
    name: string;
    props: Record<string, any>;
    protect?: boolean;
}

export async function runResourceRule(policy: ResourceValidationPolicy, r: TestResource, config: Record<string, unknown> = {}): Promise<Outcome> {
    const messages: string[] = [];
    const validate = policy.validateResource as (args: any, report: (m: string) => void) => unknown;
    try {
        await validate(
            {
                type: r.type,
                name: r.name,
                urn: `urn:pulumi:test::p::${r.type}::${r.name}`,
                props: r.props,
                opts: { ...OPTIONS, protect: r.protect ?? false },
                stackTags: new Map(),
                getConfig: configOf(policy, config),
                notApplicable: (reason?: string) => {
                    throw new NotApplicable(reason);
                },
                isType: () => false,
                asType: () => undefined,
            },
            (m) => messages.push(m),
        );
    } catch (error) {
        if (error instanceof NotApplicable) {
            return { applicable: false, reason: error.message };
        }
        throw error;
    }
    return { applicable: true, messages };
}

export async function runStackRule(policy: StackValidationPolicy, resources: TestResource[], config: Record<string, unknown> = {}): Promise<{ message: string; urn?: string }[]> {
    const found: { message: string; urn?: string }[] = [];
    await policy.validateStack(
        {
            resources: resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: `urn:pulumi:test::p::${r.type}::${r.name}`,
                props: r.props,
                opts: { ...OPTIONS, protect: r.protect ?? false },
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
            })),
            getConfig: configOf(policy, config),
            stackTags: new Map(),
            notApplicable: () => {
                throw new NotApplicable();
            },
        } as never,
        (message: string, urn?: string) => found.push({ message, urn }),
    );
    return found;
}
