/**
 * A dead letter: the original key, value and headers untouched, plus why and where it came from.
 * The header names are the platform's (the Flink job writes the same ones).
 */
export const DEAD_LETTER_HEADERS = {
    reason: "x-dead-letter-reason",
    attempts: "x-dead-letter-attempts",
    topic: "x-original-topic",
    partition: "x-original-partition",
    offset: "x-original-offset",
    group: "x-consumer-group",
} as const;

export interface Origin {
    readonly topic: string;
    readonly partition: number;
    readonly offset: bigint;
    readonly group: string;
}

export interface DeadLetter {
    readonly key: Buffer | undefined;
    readonly value: Buffer | undefined;
    readonly headers: Map<Buffer, Buffer>;
}

/** The dead letter of a message (key, value, headers as received) after `attempts` attempts. */
export function deadLetter(
    message: { readonly key?: Buffer | null; readonly value?: Buffer | null; readonly headerEntries: readonly (readonly [Buffer, Buffer])[] },
    origin: Origin,
    reason: string,
    attempts: number,
): DeadLetter {
    const added: Record<keyof typeof DEAD_LETTER_HEADERS, string> = {
        reason,
        attempts: String(attempts),
        topic: origin.topic,
        partition: String(origin.partition),
        offset: String(origin.offset),
        group: origin.group,
    };
    const ours = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
    // A message dead-lettered before (replayed from a DLT) keeps its earlier headers but not our names twice.
    const headers = new Map<Buffer, Buffer>(message.headerEntries.filter(([name]) => !ours.has(name.toString())).map(([name, value]) => [name, value]));
    for (const [field, value] of Object.entries(added)) {
        headers.set(Buffer.from(DEAD_LETTER_HEADERS[field as keyof typeof DEAD_LETTER_HEADERS]), Buffer.from(value));
    }
    return { key: message.key ?? undefined, value: message.value ?? undefined, headers };
}
