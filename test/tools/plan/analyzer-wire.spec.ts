import * as assert from "node:assert/strict";
import fc from "fast-check";
import { analysisOf, encodeAnalyzeRequest, encodeAnalyzeStackRequest, encodeProvider, encodeStackResource, type WireResource } from "../../../tools/plan/analyzer-wire";
import { encodeStruct } from "../../../tools/plan/struct-wire";
import { runs } from "../../support/fast-check";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const word = fc.string({ unit: "grapheme-ascii", maxLength: 10 });
/** Keys as objects read off the wire have them: no own `__proto__` (google-protobuf's maps lose it; see struct-wire.spec). */
const key = word.filter((w) => w !== "__proto__");
const json = fc.dictionary(key, fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), word, fc.array(word, { maxLength: 3 })), { maxKeys: 4 });

interface Sample {
    readonly resource: Omit<WireResource, "inputs" | "state"> & { inputs: Record<string, unknown>; state: Record<string, unknown> };
    readonly provider?: { type: string; name: string; urn: string; inputs: Record<string, unknown> };
}

const sample: fc.Arbitrary<Sample> = fc.record(
    {
        resource: fc.record(
            {
                urn: word,
                type: word,
                name: word,
                parent: word,
                dependencies: fc.array(word, { maxLength: 3 }),
                protect: fc.boolean(),
                ignoreChanges: fc.array(word, { maxLength: 3 }),
                inputs: json,
                state: json,
            },
            { requiredKeys: ["urn", "type", "name", "dependencies", "protect", "ignoreChanges", "inputs", "state"] },
        ),
        provider: fc.record({ type: word, name: word, urn: word, inputs: json }),
    },
    { requiredKeys: ["resource"] },
);

const wire = (s: Sample): { resource: WireResource; provider?: Uint8Array } => {
    const resource = { ...s.resource, inputs: encodeStruct(s.resource.inputs), state: encodeStruct(s.resource.state) };
    const provider = s.provider ? encodeProvider({ ...s.provider, inputs: encodeStruct(s.provider.inputs) }) : undefined;
    return { resource, provider };
};

/** The same message built with the SDK's generated classes, field by field (what the analyzer sent before). */
function viaClasses<M extends InstanceType<typeof pb.AnalyzeRequest> | InstanceType<typeof pb.AnalyzerResource>>(message: M, s: Sample, properties: Record<string, unknown>): M {
    message.setType(s.resource.type);
    message.setName(s.resource.name);
    message.setUrn(s.resource.urn);
    message.setProperties(Struct.fromJavaScript(properties as never));
    const options = new pb.AnalyzerResourceOptions();
    options.setProtect(s.resource.protect);
    options.setIgnorechangesList([...s.resource.ignoreChanges]);
    options.setParent(s.resource.parent ?? "");
    message.setOptions(options);
    if (s.provider) {
        const provider = new pb.AnalyzerProviderResource();
        provider.setType(s.provider.type);
        provider.setName(s.provider.name);
        provider.setUrn(s.provider.urn);
        provider.setProperties(Struct.fromJavaScript(s.provider.inputs as never));
        message.setProvider(provider);
    }
    return message;
}

describe("tools/plan analyzer-wire", () => {
    it("property: an Analyze request is byte for byte what the SDK's classes serialize for the same resource and provider", () => {
        fc.assert(
            fc.property(sample, (s) => {
                const { resource, provider } = wire(s);
                assert.equal(hex(encodeAnalyzeRequest(resource, provider)), hex(viaClasses(new pb.AnalyzeRequest(), s, s.resource.inputs).serializeBinary()));
            }),
            runs(300),
        );
    });

    it("property: an AnalyzeStack request is byte for byte the SDK's, each resource with its state, parent and dependencies, in order", () => {
        fc.assert(
            fc.property(fc.array(sample, { maxLength: 4 }), (samples) => {
                const expected = new pb.AnalyzeStackRequest();
                expected.setResourcesList(
                    samples.map((s) => {
                        const r = viaClasses(new pb.AnalyzerResource(), s, s.resource.state);
                        r.setParent(s.resource.parent ?? "");
                        r.setDependenciesList([...s.resource.dependencies]);
                        return r;
                    }),
                );
                const encoded = encodeAnalyzeStackRequest(samples.map((s) => encodeStackResource(wire(s).resource, wire(s).provider)));
                assert.equal(hex(encoded), hex(expected.serializeBinary()));
            }),
            runs(200),
        );
    });

    describe("analysisOf (an answer, decoded for the plan)", () => {
        const levels = ["advisory", "mandatory", "disabled", "remediate"] as const;
        const severities = ["unspecified", "low", "medium", "high", "critical"] as const;
        const diagnostic = fc.record({ policy: word, message: fc.string({ maxLength: 30 }), urn: word, level: fc.nat(3), severity: fc.nat(4) });
        const reason = fc.oneof(fc.string({ maxLength: 20 }), word.map((w) => `exempt: ${w}`), word.map((w) => `skipped: ${w}`), fc.constant("exempt"), fc.constant("€xempt: not news"));
        const answer = fc.record({ diagnostics: fc.array(diagnostic, { maxLength: 3 }), notApplicable: fc.array(fc.record({ policy: word, reason }), { maxLength: 6 }), urn: word });

        it("property: every diagnostic (at the resource's URN when it names none) and exactly the exemptions and skips among the not-applicable entries", () => {
            fc.assert(
                fc.property(answer, ({ diagnostics, notApplicable, urn }) => {
                    const response = new pb.AnalyzeResponse();
                    response.setDiagnosticsList(
                        diagnostics.map((d) => {
                            const m = new pb.AnalyzeDiagnostic();
                            m.setPolicyname(d.policy);
                            m.setMessage(d.message);
                            m.setUrn(d.urn);
                            m.setEnforcementlevel(d.level as never);
                            m.setSeverity(d.severity as never);
                            m.setPolicypackname("pack");
                            return m;
                        }),
                    );
                    response.setNotApplicableList(
                        notApplicable.map((n) => {
                            const m = new pb.PolicyNotApplicable();
                            m.setPolicyName(n.policy);
                            m.setReason(n.reason);
                            return m;
                        }),
                    );
                    assert.deepEqual(analysisOf(response.serializeBinary(), urn), {
                        violations: diagnostics.map((d) => ({ policy: d.policy, level: levels[d.level], severity: severities[d.severity], urn: d.urn || urn, message: d.message })),
                        notApplicable: notApplicable.filter((n) => /^(exempt|skipped):/.test(n.reason)).map((n) => ({ policy: n.policy, urn, reason: n.reason })),
                    });
                }),
                runs(300),
            );
        });

        it("refuses a truncated answer instead of reading past it", () => {
            const response = new pb.AnalyzeResponse();
            const m = new pb.PolicyNotApplicable();
            m.setPolicyName("p");
            m.setReason("exempt: because");
            response.setNotApplicableList([m]);
            const bytes = response.serializeBinary();
            assert.throws(() => analysisOf(bytes.subarray(0, bytes.length - 3), "u"), /truncated protobuf message/);
        });
    });
});
