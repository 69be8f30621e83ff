import * as assert from "node:assert/strict";
import { parseEvent, PoisonMessage } from "../../../apps/worker/src/process-event";

const event = { eventId: "e-1", type: "page.viewed", payload: { userId: "u" }, receivedAt: "2026-11-29T10:00:00Z" };

describe("worker events", () => {
    it("reads an event as the api writes it", () => {
        assert.deepEqual(parseEvent(Buffer.from(JSON.stringify(event))), event);
    });

    it("refuses unreadable and invalid messages as poison, listing every problem", () => {
        assert.throws(() => parseEvent(null), (e: unknown) => e instanceof PoisonMessage && /tombstone/.test(e.message));
        assert.throws(() => parseEvent(Buffer.from("{")), (e: unknown) => e instanceof PoisonMessage && /^not JSON/.test(e.message));
        assert.throws(() => parseEvent(Buffer.from("[1]")), /not a JSON object/);
        assert.throws(() => parseEvent(Buffer.from(JSON.stringify({ type: "", payload: null, receivedAt: "soon" }))), /^Error: missing eventId; missing event type; payload is not an object; receivedAt is not a timestamp$|missing eventId; missing event type; payload is not an object; receivedAt is not a timestamp/);
    });
});
