/** The worker's effect against a real Redis (Debian's redis-server, test/peers). */
import * as assert from "node:assert/strict";
import { applyEvent, effectKeys } from "../../../apps/worker/src/effect";
import { redisClient, startRedis, type RedisPeer } from "../../peers/peers";

describe("worker effect (real Redis)", function () {
    this.timeout(60_000);
    let redis: RedisPeer;
    let client: ReturnType<typeof redisClient>;
    before(async () => {
        redis = await startRedis();
        client = redisClient(redis, redis.password);
        await client.connect();
    });
    after(async () => {
        client?.destroy();
        await redis?.stop();
    });

    it("applies an event once per id: a redelivery changes nothing, and the id expires with its TTL", async () => {
        assert.equal(await applyEvent(client, "g", { eventId: "e-1", type: "a.b.c" }, "t/0/1", 60), "processed");
        assert.equal(await applyEvent(client, "g", { eventId: "e-1", type: "a.b.c" }, "t/0/1", 60), "duplicate");
        assert.equal(await applyEvent(client, "g", { eventId: "e-2", type: "a.b.c" }, "t/0/2", 60), "processed");
        assert.deepEqual(await client.hGetAll(effectKeys("g", "e-1").countsByType), { "a.b.c": "2" });
        const ttl = await client.ttl(effectKeys("g", "e-1").processed);
        assert.ok(ttl > 0 && ttl <= 60, `TTL ${ttl}`);
    });

    it("leaves no trace of an attempt Redis refuses, so a retry can still apply it", async () => {
        await client.hSet(effectKeys("g2", "x").countsByType, "bad.type", "not-a-number");
        await assert.rejects(applyEvent(client, "g2", { eventId: "e-3", type: "bad.type" }, "t/0/3", 60), /not an integer/);
        assert.equal(await client.exists(effectKeys("g2", "e-3").processed), 0, "the id is not remembered");
        await client.hSet(effectKeys("g2", "x").countsByType, "bad.type", "0");
        assert.equal(await applyEvent(client, "g2", { eventId: "e-3", type: "bad.type" }, "t/0/3", 60), "processed");
    });
});
