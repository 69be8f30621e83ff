import * as assert from "node:assert/strict";
import { deserializeOncePerStruct } from "../../../policy/lib/deserialize-once";
import { noPrivilegedContainers } from "../../../policy/rules/kubernetes/no-privileged-containers";
import { readOnly, runResourceRule } from "../../support/policy";

const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties(struct: object, proxySecrets: boolean): unknown };

describe("policy/lib deserialize-once", () => {
    it("deserializes each request's properties once for every rule, and secret-proxying calls every time", () => {
        const saved = deserializeOncePerStruct();
        assert.equal(deserializeOncePerStruct(), saved, "installed once per process");
        const struct = Struct.fromJavaScript({ spec: { replicas: 3, labels: { app: "api" } } });
        const before = saved();
        const first = sdk.deserializeProperties(struct, false);
        assert.deepEqual(first, { spec: { replicas: 3, labels: { app: "api" } } });
        assert.equal(sdk.deserializeProperties(struct, false), first, "the same object for the next rule");
        assert.equal(saved() - before, 1);
        const other = Struct.fromJavaScript({ spec: { replicas: 3, labels: { app: "api" } } });
        assert.notEqual(sdk.deserializeProperties(other, false), first, "another request gets its own");
        assert.notEqual(sdk.deserializeProperties(struct, true), sdk.deserializeProperties(struct, true), "remediation (secret proxies) is never cached");
    });

    it("sharing is safe because rules cannot write: the test harness refuses any write to props", async () => {
        const props = readOnly({ spec: { containers: [{ name: "c" }] } });
        assert.throws(() => ((props.spec.containers[0] as { name: string }).name = "x"), /a rule tried to set props\.spec\.containers\.0\.name: rules must not write/);
        const writer = { ...noPrivilegedContainers, validateResource: (args: { props: { spec: { x?: number } } }) => void (args.props.spec.x = 1) };
        await assert.rejects(runResourceRule(writer as never, { type: "kubernetes:apps/v1:Deployment", name: "d", props: { spec: {} } }), /a rule tried to set props\.spec\.x/);
    });
});
