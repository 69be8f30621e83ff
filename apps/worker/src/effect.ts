/**
 * What processing an event does: it counts the event by type in Redis, once per event id. The check
 * and the writes run in one Lua script, so they are atomic: a redelivered event (after a crash or a
 * rebalance, before its offset was committed) finds its id and changes nothing. The id is written
 * last, so an attempt that fails half-way leaves nothing behind and can be retried.
 */
export const APPLY_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

/** The Redis keys of a consumer group's state. */
export function effectKeys(group: string, eventId: string): { processed: string; countsByType: string } {
    return { processed: `${group}:processed:${eventId}`, countsByType: `${group}:events-by-type` };
}

/** Something that runs a Lua script (the Redis client). */
export interface ScriptRunner {
    eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Applies an event; "duplicate" when its id was processed before (within the TTL). */
export async function applyEvent(
    redis: ScriptRunner,
    group: string,
    event: { readonly eventId: string; readonly type: string },
    origin: string,
    ttlSeconds: number,
): Promise<"processed" | "duplicate"> {
    const keys = effectKeys(group, event.eventId);
    const applied = await redis.eval(APPLY_SCRIPT, { keys: [keys.processed, keys.countsByType], arguments: [event.type, origin, String(ttlSeconds)] });
    return applied === 1 ? "processed" : "duplicate";
}
