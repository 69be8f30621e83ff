/**
 * IPv4 CIDR arithmetic for address planning: parsing with precise error messages, containment and
 * overlap. Pure functions, no Pulumi: the config loader and the network planner share them.
 */

/** A parsed IPv4 network: `base` is the first address as an unsigned 32-bit integer. */
export interface Cidr {
    /** The text as written, e.g. "10.40.0.0/16". */
    readonly text: string;
    /** First address of the range, as an unsigned 32-bit integer. */
    readonly base: number;
    /** Prefix length, 0..32. */
    readonly prefix: number;
    /** Number of addresses in the range (2^(32-prefix)). */
    readonly size: number;
}

/** The outcome of parsing: a network, or a sentence saying what is wrong with the text. */
export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Formats an unsigned 32-bit integer as a dotted quad. */
export function formatAddress(address: number): string {
    return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

/** Parses "a.b.c.d/n", rejecting bad octets, bad prefixes and set host bits (naming the network meant). */
export function parseCidr(text: string): CidrParse {
    const match = CIDR_SHAPE.exec(text.trim());
    if (!match) {
        return { ok: false, reason: `"${text}" is not an IPv4 CIDR of the form a.b.c.d/n` };
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    const badOctet = octets.find((o) => o > 255);
    if (badOctet !== undefined) {
        return { ok: false, reason: `"${text}" has octet ${badOctet}, above 255` };
    }
    if (prefix > 32) {
        return { ok: false, reason: `"${text}" has prefix /${prefix}, above /32` };
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    const base = Math.floor(address / size) * size;
    if (base !== address) {
        return {
            ok: false,
            reason: `"${text}" has host bits set; the network is ${formatAddress(base)}/${prefix}`,
        };
    }
    return { ok: true, cidr: { text: `${formatAddress(base)}/${prefix}`, base, prefix, size } };
}

/** Parses a CIDR the caller already validated; throws on bad input (programming error). */
export function cidr(text: string): Cidr {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
        throw new Error(parsed.reason);
    }
    return parsed.cidr;
}

/** True when every address of `inner` lies inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/** True when the two ranges share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The address at `offset` inside the range, e.g. the 10th address of a service CIDR for DNS. */
export function addressAt(range: Cidr, offset: number): string {
    if (offset < 0 || offset >= range.size) {
        throw new Error(`offset ${offset} is outside ${range.text} (${range.size} addresses)`);
    }
    return formatAddress(range.base + offset);
}
