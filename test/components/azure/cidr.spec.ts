import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import { addressAt, cidr, contains, formatAddress, overlaps, parseCidr } from "../../../components/azure/cidr";

/** Any aligned IPv4 network, as text. */
const network = fc.record({ address: fc.nat(2 ** 32 - 1), prefix: fc.integer({ min: 0, max: 32 }) }).map(({ address, prefix }) => {
    const size = 2 ** (32 - prefix);
    return `${formatAddress(Math.floor(address / size) * size)}/${prefix}`;
});

describe("components/azure/cidr", () => {
    it("explains what is wrong with a CIDR", () => {
        assert.deepEqual(parseCidr("10.0.0.0"), { ok: false, reason: '"10.0.0.0" is not an IPv4 CIDR of the form a.b.c.d/n' });
        assert.deepEqual(parseCidr("10.0.300.0/24"), { ok: false, reason: '"10.0.300.0/24" has octet 300, above 255' });
        assert.deepEqual(parseCidr("10.0.0.0/33"), { ok: false, reason: '"10.0.0.0/33" has prefix /33, above /32' });
        assert.deepEqual(parseCidr("10.0.0.1/24"), { ok: false, reason: '"10.0.0.1/24" has host bits set; the network is 10.0.0.0/24' });
    });

    it("gives addresses inside a range and refuses offsets outside it", () => {
        assert.equal(addressAt(cidr("172.16.0.0/16"), 10), "172.16.0.10");
        assert.throws(() => addressAt(cidr("10.0.0.0/30"), 4), /offset 4 is outside 10\.0\.0\.0\/30 \(4 addresses\)/);
    });

    it("property: every aligned network parses back to the same text and size", () => {
        fc.assert(
            fc.property(network, (text) => {
                const parsed = cidr(text);
                assert.equal(parsed.text, text);
                assert.equal(parsed.size, 2 ** (32 - parsed.prefix));
            }),
            runs(1000),
        );
    });

    it("property: containment implies overlap, overlap is symmetric, and a range contains its halves", () => {
        fc.assert(
            fc.property(network, network, (a, b) => {
                const [x, y] = [cidr(a), cidr(b)];
                assert.equal(overlaps(x, y), overlaps(y, x));
                if (contains(x, y)) {
                    assert.ok(overlaps(x, y));
                }
                if (x.prefix < 32) {
                    const low = cidr(`${formatAddress(x.base)}/${x.prefix + 1}`);
                    const high = cidr(`${formatAddress(x.base + x.size / 2)}/${x.prefix + 1}`);
                    assert.ok(contains(x, low) && contains(x, high) && !overlaps(low, high));
                }
            }),
            runs(1000),
        );
    });
});
