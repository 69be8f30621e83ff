/** What the worker does with one event: validate it and derive a summary. Pure, so it is easy to test. */
export interface PlatformEvent {
    readonly type: string;
    readonly payload: Record<string, unknown>;
    readonly receivedAt: string;
}

/** Thrown for a message that can never succeed; it goes to the dead-letter topic. */
export class PoisonMessage extends Error {}

export function parseEvent(value: Buffer | null): PlatformEvent {
    if (value === null) {
        throw new PoisonMessage("empty message (tombstone) on an event topic");
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(value.toString("utf8"));
    } catch (error) {
        throw new PoisonMessage(`not JSON: ${(error as Error).message}`);
    }
    const event = parsed as Partial<PlatformEvent>;
    if (typeof event.type !== "string" || event.type === "") {
        throw new PoisonMessage("missing event type");
    }
    if (typeof event.payload !== "object" || event.payload === null || Array.isArray(event.payload)) {
        throw new PoisonMessage("payload is not an object");
    }
    if (typeof event.receivedAt !== "string" || Number.isNaN(Date.parse(event.receivedAt))) {
        throw new PoisonMessage("receivedAt is not a timestamp");
    }
    return event as PlatformEvent;
}
