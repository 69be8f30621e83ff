/**
 * Runs a rule's validation directly, as the analyzer would, and reports its outcome: the violation
 * messages, or "not applicable" with its reason. Config defaults come from the rule's own schema,
 * overridden by `config`, like the Pulumi CLI resolves them.
 */
import * as assert from "node:assert/strict";
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

/**
 * `value` behind a proxy that refuses every write, at any depth: rules see properties the way the
 * pack shares them (deserialized once for all rules, policy/lib/deserialize-once.ts), so a rule
 * that writes to them fails its tests instead of corrupting its neighbours' view.
 */
export function readOnly<T>(value: T, at = "props"): T {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const refuse = (what: string) => (_target: object, key: string | symbol) => {
        throw new Error(`a rule tried to ${what} ${at}.${String(key)}: rules must not write to the properties they check (all rules share them)`);
    };
    return new Proxy(value as object, {
        get: (target, key, receiver) => readOnly(Reflect.get(target, key, receiver), `${at}.${String(key)}`),
        set: refuse("set"),
        deleteProperty: refuse("delete"),
        defineProperty: refuse("define"),
    }) as T;
}

const OPTIONS: PolicyResourceOptions = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

export interface TestResource {
    type: string;
    name: string;
    props: Record<string, any>;
    protect?: boolean;
    /** Names of the resources (in the same fixture) this one depends on. */
    dependsOn?: string[];
}

/** The URN a fixture resource gets. */
export const testUrn = (r: Pick<TestResource, "type" | "name">) => `urn:pulumi:test::p::${r.type}::${r.name}`;

export async function runResourceRule(policy: ResourceValidationPolicy, r: TestResource, config: Record<string, unknown> = {}): Promise<Outcome> {
    const messages: string[] = [];
    const validate = policy.validateResource as (args: any, report: (m: string) => void) => unknown;
    try {
        await validate(
            {
                type: r.type,
                name: r.name,
                urn: `urn:pulumi:test::p::${r.type}::${r.name}`,
                props: readOnly(r.props),
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

/** A stack rule's findings; an exemption (or skip) adds an entry with `notApplicable` set to its reason. */
export async function runStackRule(
    policy: StackValidationPolicy,
    resources: TestResource[],
    config: Record<string, unknown> = {},
): Promise<{ message: string; urn?: string; notApplicable?: string }[]> {
    const found: { message: string; urn?: string; notApplicable?: string }[] = [];
    // As the engine gives them: each resource's dependencies are the other resources themselves.
    const views = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: testUrn(r),
        props: readOnly(r.props),
        opts: { ...OPTIONS, protect: r.protect ?? false },
        dependencies: [] as unknown[],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    // A name the fixture lacks (robustness tests take subsets) is no dependency, as in a real stack.
    resources.forEach((r, i) => {
        views[i].dependencies = (r.dependsOn ?? []).flatMap((name) => views.filter((v) => v.name === name));
    });
    try {
        await policy.validateStack(
            {
                resources: views,
                getConfig: configOf(policy, config),
                stackTags: new Map(),
                notApplicable: (reason?: string) => {
                    throw new NotApplicable(reason);
                },
            } as never,
            (message: string, urn?: string) => found.push({ message, urn }),
        );
    } catch (error) {
        if (!(error instanceof NotApplicable)) {
            throw error;
        }
        found.push({ message: "", notApplicable: error.message });
    }
    return found;
}

/**
 * Every fixture the rule tables run, by policy name: the analyzer spec runs the same fixtures through
 * the pack's gRPC server and expects the same messages.
 */
export interface Fixture {
    readonly label: string;
    readonly kind: "resource" | "stack";
    readonly resources: TestResource[];
    readonly config: Record<string, unknown>;
}
export const POLICY_FIXTURES = new Map<string, Fixture[]>();

function remember(policy: string, fixture: Fixture): void {
    POLICY_FIXTURES.set(policy, [...(POLICY_FIXTURES.get(policy) ?? []), fixture]);
}

function copy<T>(value: T): T {
    return structuredClone(value);
}

/** A bad case: what it changes, and a fragment every reported message must contain (one message unless `count`). */
export type BadCase<T> = [label: string, mutate: (fixture: T) => void, expected: string, count?: number];

/**
 * The table of a resource rule: a compliant resource (`good`), compliant variants, bad cases that
 * change one thing each, and resources the rule does not apply to. Registers the mocha tests and
 * the fixtures for the analyzer spec.
 */
export function resourceRuleTable(
    policy: ResourceValidationPolicy,
    table: {
        good: () => TestResource;
        config?: Record<string, unknown>;
        compliant?: [string, (r: TestResource) => void][];
        bad: BadCase<TestResource>[];
        notApplicable?: [string, TestResource][];
    },
): void {
    const config = table.config ?? {};
    describe(`policy ${policy.name} (table)`, () => {
        const good: [string, (r: TestResource) => void][] = [["the good fixture", () => undefined], ...(table.compliant ?? [])];
        for (const [label, mutate] of good) {
            const resource = copy(table.good());
            mutate(resource);
            remember(policy.name, { label, kind: "resource", resources: [resource], config });
            it(`passes ${label}`, async () => {
                assert.deepEqual(await runResourceRule(policy, resource, config), { applicable: true, messages: [] });
            });
        }
        for (const [label, mutate, expected, count = 1] of table.bad) {
            const resource = copy(table.good());
            mutate(resource);
            remember(policy.name, { label, kind: "resource", resources: [resource], config });
            it(`reports ${label}`, async () => {
                const outcome = await runResourceRule(policy, resource, config);
                assert.ok(outcome.applicable, `not applicable: ${!outcome.applicable && outcome.reason}`);
                assert.equal(outcome.messages.length, count, outcome.messages.join("\n"));
                for (const message of outcome.messages) {
                    assert.ok(message.includes(expected), `${message}\n  does not contain\n${expected}`);
                    assert.match(message, /^\S+ "[^"]+": .+ is .+; expected .+\. Fix: .+/, "what, where, actual vs expected, fix");
                }
            });
        }
        for (const [label, resource] of table.notApplicable ?? []) {
            it(`does not apply to ${label}`, async () => {
                assert.equal((await runResourceRule(policy, resource, config)).applicable, false);
            });
        }
    });
}

/** The table of a stack rule: a compliant stack, and bad cases that change one thing each. */
export function stackRuleTable(
    policy: StackValidationPolicy,
    table: { good: () => TestResource[]; config?: Record<string, unknown>; compliant?: [string, (r: TestResource[]) => void][]; bad: BadCase<TestResource[]>[] },
): void {
    const config = table.config ?? {};
    describe(`policy ${policy.name} (table)`, () => {
        it("the good fixture's dependencies name resources of the fixture", () => {
            const resources = table.good();
            const dangling = resources.flatMap((r) => (r.dependsOn ?? []).filter((name) => !resources.some((d) => d.name === name)).map((name) => `${r.name} -> ${name}`));
            assert.deepEqual(dangling, []);
        });
        for (const [label, mutate] of [["the good fixture", () => undefined] as [string, (r: TestResource[]) => void], ...(table.compliant ?? [])]) {
            const resources = copy(table.good());
            mutate(resources);
            remember(policy.name, { label, kind: "stack", resources, config });
            it(`passes ${label}`, async () => {
                assert.deepEqual(await runStackRule(policy, resources, config), []);
            });
        }
        for (const [label, mutate, expected, count = 1] of table.bad) {
            const resources = copy(table.good());
            mutate(resources);
            remember(policy.name, { label, kind: "stack", resources, config });
            it(`reports ${label}`, async () => {
                const found = (await runStackRule(policy, resources, config)).filter((f) => f.notApplicable === undefined);
                assert.equal(found.length, count, found.map((f) => f.message).join("\n"));
                for (const { message, urn } of found.filter((f) => f.notApplicable === undefined)) {
                    assert.ok(message.includes(expected), `${message}\n  does not contain\n${expected}`);
                    assert.match(message, /^\S+ "[^"]+": .+ is .+; expected .+\. Fix: .+/, "what, where, actual vs expected, fix");
                    assert.ok(urn, "reported against a resource");
                }
            });
        }
    });
}
