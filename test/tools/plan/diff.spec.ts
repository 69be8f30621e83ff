import * as assert from "node:assert/strict";
import { differences, planDifferences } from "../../../tools/plan/diff";

const resource = (urn: string, inputs: unknown, dependencies: string[] = []) => ({ urn, type: "t", dependencies, inputs });

describe("tools/plan diff (npm run plan:diff)", () => {
    it("names every leaf path that differs, added and removed keys included", () => {
        assert.deepEqual(differences({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { b: 2, c: [1, 3] }, e: "x" }), ["a.b", "a.c.1", "d", "e"]);
        assert.deepEqual(differences({ a: [1] }, { a: [1] }), []);
        assert.deepEqual(differences({ a: [1] }, { a: { 0: 1 } }), ["a"], "a list is not an object with the same keys");
    });

    it("reports resources added, removed and changed (inputs and dependencies), and says nothing of equal plans", () => {
        const before = { resources: [resource("u1", { x: 1 }), resource("u2", {}, ["u1"])] };
        const after = { resources: [resource("u1", { x: 2 }), resource("u3", {})] };
        assert.deepEqual(planDifferences(before, after), ["- u2", "+ u3", "~ u1: inputs.x"]);
        assert.deepEqual(planDifferences(before, { resources: [resource("u1", { x: 1 }), resource("u2", {}, [])] }), ["~ u2: dependencies.0"]);
        assert.deepEqual(planDifferences(before, before), []);
    });
});
