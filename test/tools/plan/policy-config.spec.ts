import * as assert from "node:assert/strict";
import { PolicyConfigError, resolvePolicyConfig, type PolicyDescription } from "../../../tools/plan/policy-config";

const POLICIES: PolicyDescription[] = [
    { name: "retention", enforcementLevel: "advisory", properties: { minimumDays: { type: "integer", minimum: 7, default: 30 } }, required: [] },
    { name: "tags", enforcementLevel: "mandatory", properties: {}, required: [] },
];

describe("tools/plan policy-config", () => {
    it("resolves levels (entry over all over the policy's own) and settings over schema defaults", () => {
        assert.deepEqual(resolvePolicyConfig("c.json", POLICIES, { all: "advisory", retention: { enforcementLevel: "mandatory", minimumDays: 90 } }), {
            retention: { enforcementLevel: "mandatory", properties: { minimumDays: 90 } },
            tags: { enforcementLevel: "advisory", properties: {} },
        });
        assert.deepEqual(resolvePolicyConfig("c.json", POLICIES, {}).tags, { enforcementLevel: "mandatory", properties: {} });
    });

    it("lists every problem of a config file at once", () => {
        assert.throws(
            () => resolvePolicyConfig("c.json", POLICIES, { all: "strict", retention: { minimumDays: 3, colour: 1 }, nosuch: "advisory" }),
            (e: unknown) =>
                e instanceof PolicyConfigError &&
                e.message ===
                    "Invalid policy config c.json:\n" +
                        '  - "all": enforcement level "strict"; expected one of advisory, mandatory, remediate, disabled\n' +
                        '  - "nosuch": the pack has no such policy; expected one of retention, tags\n' +
                        '  - "retention".minimumDays = 3: expected integer >= 7\n' +
                        '  - "retention".colour: the policy has no such setting; expected minimumDays',
        );
    });
});
