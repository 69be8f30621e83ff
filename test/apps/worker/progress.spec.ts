import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Progress } from "../../../apps/worker/src/progress";

describe("worker progress", () => {
    it("property: take() returns each partition's highest finished offset once, then nothing", () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(fc.constantFrom("a.b.c", "d.e.f"), fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: 1000n }))), (finished) => {
                const progress = new Progress<string>();
                for (const [topic, partition, offset] of finished) progress.finish(topic, partition, offset, `${topic}/${partition}@${offset}`);
                const highest = new Map<string, bigint>();
                for (const [topic, partition, offset] of finished) {
                    const key = `${topic}/${partition}`;
                    if ((highest.get(key) ?? -1n) < offset) highest.set(key, offset);
                }
                assert.deepEqual(progress.take().sort(), [...highest].map(([key, offset]) => `${key}@${offset}`).sort());
                assert.deepEqual(progress.take(), []);
            }),
        );
    });
});
