/** IPv4 ranges as NSG rules and allow-lists write them: "a.b.c.d" or "a.b.c.d/n" (the pack imports nothing from the program). */
export interface Range {
    readonly start: number;
    readonly end: number;
}

/** The range of "a.b.c.d[/n]", or undefined when it is not one. */
export function parseRange(text: string): Range | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = match[5] === undefined ? 32 : Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    const start = Math.floor(address / size) * size;
    return { start, end: start + size - 1 };
}

/** Is every address of `inner` inside `outer`? (Unparsable ranges contain nothing.) */
export function containsRange(outer: string, inner: string): boolean {
    const o = parseRange(outer);
    const i = parseRange(inner);
    return o !== undefined && i !== undefined && o.start <= i.start && i.end <= o.end;
}

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** Is the range public (outside RFC 1918 and shared address space), as Azure's Internet service tag counts it? */
export function isPublicRange(text: string): boolean {
    return parseRange(text) !== undefined && !PRIVATE.some((p) => containsRange(p, text));
}
