/** What the worker reads: one event as the api wrote it. Pure, so it is easy to test. */
export interface PlatformEvent {
    /** Assigned by the api; the idempotency key (the same event redelivered has the same id). */
    readonly eventId: string;
    readonly type: string;
    readonly payload: Record<string, unknown>;
    readonly receivedAt: string;
}

/** Thrown for a message that can never succeed (unreadable or invalid): dead-lettered at once, never retried. */
export class PoisonMessage extends Error {}

export function parseEvent(value: Buffer | null | undefined): PlatformEvent {
    if (value === null || value === undefined || value.length === 0) {
        throw new PoisonMessage("empty message (tombstone) on an event topic");
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(value.toString("utf8"));
    } catch (error) {
        throw new PoisonMessage(`not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new PoisonMessage("not a JSON object");
    }
    const event = parsed as Partial<PlatformEvent>;
    const problems = [
        typeof event.eventId !== "string" || event.eventId === "" ? "missing eventId" : undefined,
        typeof event.type !== "string" || event.type === "" ? "missing event type" : undefined,
        typeof event.payload !== "object" || event.payload === null || Array.isArray(event.payload) ? "payload is not an object" : undefined,
        typeof event.receivedAt !== "string" || Number.isNaN(Date.parse(event.receivedAt)) ? "receivedAt is not a timestamp" : undefined,
    ].filter((p) => p !== undefined);
    if (problems.length > 0) {
        throw new PoisonMessage(problems.join("; "));
    }
    return event as PlatformEvent;
}
