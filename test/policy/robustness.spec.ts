/**
 * Rules never throw: whatever shape a resource has, and whichever values are unknown during a
 * preview, a rule reports, passes or declares itself not applicable.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../support/fast-check";
import { unknownCheckingProxy, type StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/rules";
import { POLICY_FIXTURES, runResourceRule, runStackRule, type TestResource } from "../support/policy";

// The sentinels the policy SDK puts where a preview does not know a value yet (not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, string>;
const UNKNOWNS = ["unknownStringValue", "unknownNumberValue", "unknownBooleanValue", "unknownArrayValue", "unknownObjectValue"].map((k) => proxy[k]);

/** Any JSON, or a value unknown until apply. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...UNKNOWNS), fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

/** Every path of a JSON tree (objects and arrays). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (value === null || typeof value !== "object") {
        return [prefix];
    }
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]))];
}

function replaced(value: unknown, path: (string | number)[], replacement: unknown): unknown {
    if (path.length === 0) {
        return replacement;
    }
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let cursor = copy;
    for (const step of path.slice(0, -1)) {
        cursor = cursor[step] as Record<string | number, unknown>;
    }
    cursor[path[path.length - 1]] = replacement;
    return copy;
}

/** A fixture resource with one subtree replaced by an odd value (or an unknown). */
const mutatedResource = (resources: readonly TestResource[]) =>
    fc
        .record({ index: fc.nat(), pathIndex: fc.nat(), value: oddValue })
        .map(({ index, pathIndex, value }) => {
            const resource = resources[index % resources.length];
            const all = paths(resource.props);
            return { ...resource, props: replaced(resource.props, all[pathIndex % all.length], value) as Record<string, any> };
        });

const randomResource = fc.record({
    type: fc.constantFrom(...new Set([...POLICY_FIXTURES.values()].flatMap((fs) => fs.flatMap((f) => f.resources.map((r) => r.type))))),
    name: fc.string({ minLength: 1, maxLength: 10 }),
    props: fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 6 }) as fc.Arbitrary<Record<string, any>>,
});

const proxied = (r: TestResource): TestResource => ({ ...r, props: unknownCheckingProxy(r.props) as Record<string, any> });

describe("policy rules never throw", () => {
    for (const policy of policies) {
        const fixtures = (POLICY_FIXTURES.get(policy.name) ?? []).flatMap((f) => f.resources);
        it(`property: ${policy.name} returns a result for any props, odd shapes and unknown values`, async () => {
            assert.ok(fixtures.length > 0, `${policy.name} has fixtures`);
            const resource = fc.oneof(mutatedResource(fixtures), randomResource);
            if ("validateResource" in policy) {
                await fc.assert(
                    fc.asyncProperty(resource, async (r) => {
                        await runResourceRule(policy, proxied(r));
                    }),
                    runs(150),
                );
            } else {
                await fc.assert(
                    fc.asyncProperty(fc.array(resource, { minLength: 1, maxLength: 6 }), async (rs) => {
                        await runStackRule(policy as StackValidationPolicy, rs.map(proxied));
                    }),
                    runs(100),
                );
            }
        });
    }
});
