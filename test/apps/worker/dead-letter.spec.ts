import * as assert from "node:assert/strict";
import fc from "fast-check";
import { DEAD_LETTER_HEADERS, deadLetter } from "../../../apps/worker/src/dead-letter";

const header = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 }));

describe("worker dead letters", () => {
    it("property: a dead letter keeps the key, value and original headers, and carries each platform header exactly once", () => {
        fc.assert(
            fc.property(
                fc.option(fc.uint8Array({ maxLength: 16 }), { nil: undefined }),
                fc.uint8Array({ maxLength: 64 }),
                fc.uniqueArray(header, { selector: ([name]) => name, maxLength: 5 }),
                fc.boolean(),
                fc.integer({ min: 1, max: 10 }),
                (key, value, headers, replayed, attempts) => {
                    // A message replayed from a dead-letter topic already carries the platform's headers.
                    const original = headers.filter(([name]) => !Object.values(DEAD_LETTER_HEADERS).includes(name as never));
                    const entries = [...original, ...(replayed ? [[DEAD_LETTER_HEADERS.reason, "old"] as [string, string]] : [])].map(([n, v]) => [Buffer.from(n), Buffer.from(v)] as const);
                    const letter = deadLetter({ key: key && Buffer.from(key), value: Buffer.from(value), headerEntries: entries }, { topic: "t.e.x", partition: 2, offset: 41n, group: "g" }, "why", attempts);
                    assert.deepEqual(letter.key && [...letter.key], key && [...key]);
                    assert.deepEqual([...letter.value!], [...value]);
                    const names = [...letter.headers.keys()].map((k) => k.toString());
                    const read = (name: string) => [...letter.headers].find(([k]) => k.toString() === name)?.[1].toString();
                    for (const [name, v] of original) assert.equal(read(name), v);
                    for (const name of Object.values(DEAD_LETTER_HEADERS)) assert.equal(names.filter((n) => n === name).length, 1, name);
                    assert.equal(read(DEAD_LETTER_HEADERS.reason), "why");
                    assert.equal(read(DEAD_LETTER_HEADERS.attempts), String(attempts));
                    assert.equal(read(DEAD_LETTER_HEADERS.offset), "41");
                },
            ),
        );
    });
});
