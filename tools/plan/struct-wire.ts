/**
 * A google.protobuf.Struct serialized straight from a plain JSON object: the bytes
 * `Struct.fromJavaScript(value).serializeBinary()` gives (map entries by sorted key, as
 * google-protobuf writes them), without building the message objects first. The plan encodes
 * every resource's inputs and state this way for the policy analyzer, on the analyzer's thread.
 *
 * Two passes: the first measures every nested message (a length prefix needs its size), in the
 * order the second writes them.
 */

// Wire types and the Value oneof's field numbers (struct.proto).
const LEN = 2;
const VALUE = { null: 1, number: 2, string: 3, bool: 4, struct: 5, list: 6 } as const;
const tag = (field: number, wireType: number) => (field << 3) | wireType;
const TAG = {
    entry: tag(1, LEN), // Struct.fields (map entry), ListValue.values
    key: tag(1, LEN),
    value: tag(2, LEN),
    null: tag(VALUE.null, 0),
    number: tag(VALUE.number, 1),
    string: tag(VALUE.string, LEN),
    bool: tag(VALUE.bool, 0),
    struct: tag(VALUE.struct, LEN),
    list: tag(VALUE.list, LEN),
} as const;

function varintSize(n: number): number {
    return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Sizes of the messages inside, in writing order, and the byte length of each string. */
class Measure {
    readonly sizes: number[] = [];

    struct(value: Record<string, unknown>): number {
        const at = this.sizes.push(0) - 1;
        let size = 0;
        for (const key of Object.keys(value).sort()) {
            const keyBytes = Buffer.byteLength(key);
            const entryAt = this.sizes.push(0) - 1;
            const valueSize = this.value(value[key]);
            const entry = 1 + varintSize(keyBytes) + keyBytes + 1 + varintSize(valueSize) + valueSize;
            this.sizes[entryAt] = entry;
            size += 1 + varintSize(entry) + entry;
        }
        this.sizes[at] = size;
        return size;
    }

    private list(values: readonly unknown[]): number {
        const at = this.sizes.push(0) - 1;
        let size = 0;
        for (const v of values) {
            const valueSize = this.value(v);
            size += 1 + varintSize(valueSize) + valueSize;
        }
        this.sizes[at] = size;
        return size;
    }

    /** The size of a Value message. */
    private value(v: unknown): number {
        const at = this.sizes.push(0) - 1;
        let size: number;
        if (v === null || v === undefined) {
            size = 2;
        } else if (typeof v === "number") {
            size = 9;
        } else if (typeof v === "string") {
            const bytes = Buffer.byteLength(v);
            size = 1 + varintSize(bytes) + bytes;
        } else if (typeof v === "boolean") {
            size = 2;
        } else if (Array.isArray(v)) {
            const inner = this.list(v);
            size = 1 + varintSize(inner) + inner;
        } else if (typeof v === "object") {
            const inner = this.struct(v as Record<string, unknown>);
            size = 1 + varintSize(inner) + inner;
        } else {
            throw new TypeError(`cannot encode a ${typeof v} in a protobuf Struct`);
        }
        this.sizes[at] = size;
        return size;
    }
}

class Write {
    private offset = 0;
    private next = 0;

    constructor(
        private readonly out: Buffer,
        private readonly sizes: readonly number[],
    ) {}

    private byte(b: number): void {
        this.out[this.offset++] = b;
    }

    private varint(n: number): void {
        while (n >= 0x80) {
            this.out[this.offset++] = (n & 0x7f) | 0x80;
            n >>>= 7;
        }
        this.out[this.offset++] = n;
    }

    private text(s: string): void {
        const bytes = Buffer.byteLength(s);
        this.varint(bytes);
        this.offset += this.out.write(s, this.offset, bytes, "utf8");
    }

    struct(value: Record<string, unknown>): void {
        this.next++; // the struct's own size: its caller wrote it
        for (const key of Object.keys(value).sort()) {
            this.byte(TAG.entry);
            this.varint(this.sizes[this.next++]);
            this.byte(TAG.key);
            this.text(key);
            this.byte(TAG.value);
            this.varint(this.sizes[this.next]);
            this.value(value[key]);
        }
    }

    private list(values: readonly unknown[]): void {
        this.next++;
        for (const v of values) {
            this.byte(TAG.entry);
            this.varint(this.sizes[this.next]);
            this.value(v);
        }
    }

    private value(v: unknown): void {
        this.next++;
        if (v === null || v === undefined) {
            this.byte(TAG.null);
            this.byte(0);
        } else if (typeof v === "number") {
            this.byte(TAG.number);
            this.out.writeDoubleLE(v, this.offset);
            this.offset += 8;
        } else if (typeof v === "string") {
            this.byte(TAG.string);
            this.text(v);
        } else if (typeof v === "boolean") {
            this.byte(TAG.bool);
            this.byte(v ? 1 : 0);
        } else if (Array.isArray(v)) {
            this.byte(TAG.list);
            this.varint(this.sizes[this.next]);
            this.list(v);
        } else {
            this.byte(TAG.struct);
            this.varint(this.sizes[this.next]);
            this.struct(v as Record<string, unknown>);
        }
    }
}

/** `value` as a serialized google.protobuf.Struct. */
export function encodeStruct(value: Record<string, unknown>): Uint8Array {
    const measure = new Measure();
    const size = measure.struct(value);
    const out = Buffer.allocUnsafe(size);
    new Write(out, measure.sizes).struct(value);
    return out;
}
