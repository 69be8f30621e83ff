/**
 * What POST /api/events accepts and what it writes to Kafka. Pure, so it is easy to test.
 *
 * The partition key keeps each entity's events in order (Kafka orders within a partition): the
 * request's `key`, else the payload's first entity id of ENTITY_KEY_FIELDS (the most specific
 * entity first: an order's events stay in order even when a user places several orders at once).
 */
export const ENTITY_KEY_FIELDS = ["orderId", "userId", "sessionId"] as const;
const MAX_TYPE_LENGTH = 100;
const MAX_KEY_LENGTH = 200;

export interface EventRequest {
    readonly type: string;
    readonly payload: Record<string, unknown>;
    readonly key: string;
}

/** The event as it is written to the events topic (value, JSON). */
export interface PlatformEvent {
    readonly eventId: string;
    readonly type: string;
    readonly payload: Record<string, unknown>;
    readonly receivedAt: string;
}

export type Parsed = { readonly ok: true; readonly request: EventRequest } | { readonly ok: false; readonly problems: readonly string[] };

const isText = (value: unknown, max: number): value is string => typeof value === "string" && value.trim() !== "" && value.length <= max;

/** Validates a request body, every problem at once. */
export function parseEventRequest(body: unknown): Parsed {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return { ok: false, problems: ['the body is not a JSON object: expected {"type": "...", "payload": {...}, "key"?: "..."}'] };
    }
    const { type, payload, key } = body as Record<string, unknown>;
    const problems: string[] = [];
    if (!isText(type, MAX_TYPE_LENGTH)) {
        problems.push(`type: expected a non-empty string of at most ${MAX_TYPE_LENGTH} characters, got ${JSON.stringify(type)}`);
    }
    const payloadOk = typeof payload === "object" && payload !== null && !Array.isArray(payload);
    if (!payloadOk) {
        problems.push(`payload: expected a JSON object, got ${JSON.stringify(payload)}`);
    }
    if (key !== undefined && !isText(key, MAX_KEY_LENGTH)) {
        problems.push(`key: expected a non-empty string of at most ${MAX_KEY_LENGTH} characters, got ${JSON.stringify(key)}`);
    }
    const partitionKey = key !== undefined ? key : payloadOk ? entityKey(payload as Record<string, unknown>) : undefined;
    if (key === undefined && payloadOk && partitionKey === undefined) {
        problems.push(`key: no partition key; give "key" or one of payload.${ENTITY_KEY_FIELDS.join(", payload.")} (a string or number), so the entity's events stay in order`);
    }
    if (problems.length > 0) {
        return { ok: false, problems };
    }
    return { ok: true, request: { type: type as string, payload: payload as Record<string, unknown>, key: String(partitionKey) } };
}

/** The payload's first entity id, as a string. */
export function entityKey(payload: Record<string, unknown>): string | undefined {
    for (const field of ENTITY_KEY_FIELDS) {
        const value = payload[field];
        if (isText(value, MAX_KEY_LENGTH) || (typeof value === "number" && Number.isFinite(value))) {
            return String(value);
        }
    }
    return undefined;
}

/** The Kafka message for an accepted request. */
export function eventMessage(request: EventRequest, eventId: string, receivedAt: Date): { key: string; value: string; event: PlatformEvent; headers: Record<string, string> } {
    const event: PlatformEvent = { eventId, type: request.type, payload: request.payload, receivedAt: receivedAt.toISOString() };
    return { key: request.key, value: JSON.stringify(event), event, headers: { "event-id": eventId, "content-type": "application/json" } };
}
