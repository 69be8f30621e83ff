import * as assert from "node:assert/strict";
import fc from "fast-check";
import { encodeStruct } from "../../../tools/plan/struct-wire";
import { runs } from "../../support/fast-check";

/* eslint-disable @typescript-eslint/no-require-imports */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const viaClasses = (value: Record<string, unknown>) => hex(Struct.fromJavaScript(value as never).serializeBinary());

/**
 * JSON as the wire carries it: no undefined, no NaN or infinities; keys and strings of any Unicode,
 * well formed (google-protobuf drops a lone surrogate, Node writes U+FFFD; neither reaches a plan),
 * and no own `__proto__` key (google-protobuf's maps lose it; an object read off the wire has none).
 */
const text = fc.string({ unit: "binary", maxLength: 12 }).filter((s) => Buffer.from(s, "utf8").toString("utf8") === s && s !== "__proto__");
const { json } = fc.letrec((tie) => ({
    json: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        text,
        fc.array(tie("json"), { maxLength: 4 }),
        fc.dictionary(text, tie("json"), { maxKeys: 4 }),
    ),
}));

describe("tools/plan struct-wire", () => {
    it("property: any JSON object encodes to exactly the bytes of google-protobuf's Struct.fromJavaScript(...).serializeBinary()", () => {
        fc.assert(
            fc.property(fc.dictionary(text, json, { maxKeys: 6 }), (value) => {
                assert.equal(hex(encodeStruct(value)), viaClasses(value));
            }),
            runs(500),
        );
    });

    it("encodes Pulumi's wire markers, long strings (multi-byte lengths) and deep nesting like the SDK's classes", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: { password: "s3cr€t" } };
        const long = "é".repeat(70_000); // a 140,000-byte string: a three-byte length prefix
        let deep: Record<string, unknown> = { leaf: [1, -0, 2.5, "x", false, null] };
        for (let i = 0; i < 40; i++) deep = { [`level${i}`]: deep, list: [i, [i]] };
        for (const value of [{}, { secret }, { long }, { deep }, { unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }]) {
            assert.equal(hex(encodeStruct(value)), viaClasses(value));
        }
    });

    it("refuses what a Struct cannot hold, naming its type", () => {
        assert.throws(() => encodeStruct({ f: () => 1 }), /cannot encode a function in a protobuf Struct/);
        assert.throws(() => encodeStruct({ n: 10n }), /cannot encode a bigint in a protobuf Struct/);
    });
});
