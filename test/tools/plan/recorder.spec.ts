import * as assert from "node:assert/strict";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { secretDigests, toPlain } from "../../../tools/plan/recorder";

/** A secret as the engine serialises it. */
const secret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });

describe("tools/plan recorder: secrets", () => {
    const wire = { name: "x", registries: [{ address: "acr.azurecr.io", password: secret("token-1") }], auth: secret({ a: 1 }) };

    it("plan.json shows secrets as placeholders, and their digests by path (equal values, equal digests; other values, other digests)", () => {
        assert.deepEqual(toPlain(wire), { name: "x", registries: [{ address: "acr.azurecr.io", password: "[secret]" }], auth: "[secret]" });
        const digests = secretDigests(wire);
        assert.deepEqual(Object.keys(digests).sort(), ["auth", "registries[0].password"]);
        assert.match(digests["registries[0].password"], /^[0-9a-f]{16}$/);
        assert.deepEqual(secretDigests(structuredClone(wire)), digests);
        const changed = secretDigests({ ...wire, registries: [{ address: "acr.azurecr.io", password: secret("token-2") }] });
        assert.notEqual(changed["registries[0].password"], digests["registries[0].password"]);
        assert.equal(changed.auth, digests.auth);
        assert.deepEqual(secretDigests({ plain: 1 }), {});
    });
});
