import * as assert from "node:assert/strict";
import fc from "fast-check";
import { containsRange, isPublicRange, parseRange } from "../../../policy/lib/ipv4";

describe("policy/lib/ipv4", () => {
    it("reads addresses and CIDRs, and refuses what is neither", () => {
        assert.deepEqual(parseRange("10.0.0.0/8"), { start: 10 * 2 ** 24, end: 11 * 2 ** 24 - 1 });
        assert.deepEqual(parseRange("203.0.113.7"), { start: parseRange("203.0.113.7/32")!.start, end: parseRange("203.0.113.7/32")!.start });
        for (const bad of ["256.0.0.0/8", "10.0.0.0/33", "Internet", "", "10.0.0/8"]) {
            assert.equal(parseRange(bad), undefined, bad);
        }
    });

    it("property: a range contains each of its sub-ranges and is contained by each of its super-ranges, not the other way round", () => {
        fc.assert(
            fc.property(fc.ipV4(), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 32 }), (address, outer, extra) => {
                const inner = Math.min(32, outer + extra);
                assert.ok(containsRange(`${address}/${outer}`, `${address}/${inner}`));
                assert.equal(containsRange(`${address}/${inner}`, `${address}/${outer}`), false);
            }),
        );
    });

    it("private and shared ranges are not public; documentation ranges are", () => {
        assert.equal(isPublicRange("10.4.0.0/16"), false);
        assert.equal(isPublicRange("172.20.1.1"), false);
        assert.equal(isPublicRange("100.64.0.0/16"), false);
        assert.equal(isPublicRange("203.0.113.0/24"), true);
        assert.equal(isPublicRange("nonsense"), false);
    });
});
