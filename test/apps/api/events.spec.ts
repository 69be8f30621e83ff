import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ENTITY_KEY_FIELDS, entityKey, eventMessage, parseEventRequest } from "../../../apps/api/src/events";

const id = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""), fc.integer());
const payloadWithIds = fc.record({ orderId: fc.option(id, { nil: undefined }), userId: fc.option(id, { nil: undefined }), sessionId: fc.option(id, { nil: undefined }), other: fc.string() });

describe("api events", () => {
    it("property: an accepted request is keyed by its explicit key, else by the first entity id in ENTITY_KEY_FIELDS order", () => {
        fc.assert(
            fc.property(fc.option(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ""), { nil: undefined }), payloadWithIds, (key, payload) => {
                const parsed = parseEventRequest({ type: "order.placed", payload, ...(key === undefined ? {} : { key }) });
                const first = ENTITY_KEY_FIELDS.map((f) => payload[f]).find((v) => v !== undefined);
                if (key === undefined && first === undefined) {
                    assert.equal(parsed.ok, false);
                    return;
                }
                assert.ok(parsed.ok);
                assert.equal(parsed.request.key, key ?? String(first));
            }),
        );
    });

    it("reports every problem of a request at once, naming the field, and refuses a payload without an entity", () => {
        const bad = parseEventRequest({ type: "", payload: [], key: 7 });
        assert.equal(bad.ok, false);
        assert.deepEqual(
            !bad.ok && bad.problems.map((p) => p.split(":")[0]),
            ["type", "payload", "key"],
        );
        const unkeyed = parseEventRequest({ type: "page.viewed", payload: { path: "/" } });
        assert.ok(!unkeyed.ok && /no partition key; give "key" or one of payload.orderId, payload.userId, payload.sessionId/.test(unkeyed.problems[0]));
        assert.equal(parseEventRequest("text").ok, false);
        assert.equal(entityKey({ orderId: "  ", userId: 0 }), "0", "a blank id is skipped, a numeric one taken");
    });

    it("writes the event with its id, entity key, timestamp and headers", () => {
        const parsed = parseEventRequest({ type: "order.placed", payload: { orderId: "o-1", amount: 3 } });
        assert.ok(parsed.ok);
        const message = eventMessage(parsed.request, "e-1", new Date("2026-11-29T10:00:00Z"));
        assert.equal(message.key, "o-1");
        assert.deepEqual(JSON.parse(message.value), { eventId: "e-1", type: "order.placed", payload: { orderId: "o-1", amount: 3 }, receivedAt: "2026-11-29T10:00:00.000Z" });
        assert.deepEqual(message.headers, { "event-id": "e-1", "content-type": "application/json" });
    });
});
