import * as assert from "node:assert/strict";
import fc from "fast-check";
import { backoffMs, decide } from "../../../apps/worker/src/retry";

describe("worker retry", () => {
    it("property: the backoff doubles from the base per attempt and never exceeds the cap", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100_000 }), (attempt, base, max) => {
                const delay = backoffMs(attempt, base, max);
                assert.ok(delay <= max);
                assert.equal(delay, Math.min(max, base * 2 ** (attempt - 1)));
                assert.ok(backoffMs(attempt + 1, base, max) >= delay, "never shrinks");
            }),
        );
    });

    it("property: an invalid message is dead-lettered at once, an outage never dead-letters, other failures retry until the last attempt", () => {
        fc.assert(
            fc.property(fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (permanent, dependencyDown, attempt, maxAttempts) => {
                const decision = decide({ permanent, dependencyDown }, attempt, maxAttempts);
                const expected = permanent ? "dead-letter" : dependencyDown ? "wait" : attempt >= maxAttempts ? "dead-letter" : "retry";
                assert.equal(decision, expected);
            }),
        );
    });
});
