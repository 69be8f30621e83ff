import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { MAXMEMORY_SHARE, memoryBytes, Redis, redisArgs, REDIS_UID, type RedisArgs } from "../../../components/kubernetes/redis";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from "../../../components/kubernetes/workload-plan";
import { capture } from "../../support/harness";
import { THIRD_PARTY_IMAGES } from "../../../components/build/third-party-images";
/** Digest-pinned images as the stack registry would hand them over. */
const REDIS_TEST_IMAGE = `registry.test/mirror/library/redis:${THIRD_PARTY_IMAGES.redis.tag}@${THIRD_PARTY_IMAGES.redis.digest}`;
const EXPORTER_TEST_IMAGE = `registry.test/mirror/oliver006/redis_exporter:${THIRD_PARTY_IMAGES.redisExporter.tag}@${THIRD_PARTY_IMAGES.redisExporter.digest}`;

/** A prod-sized Redis for the api (with `overrides`), under mocks. */
function captureRedis(name: string, overrides: Partial<RedisArgs>) {
    return capture(() => {
        const provider = new Provider(`${name}-k8s`, { kubeconfig: "unused" });
        return new Redis(name, {
            namespace: "data",
            password: { kind: "values", values: { password: "generated" } },
            image: REDIS_TEST_IMAGE,
            exporterImage: EXPORTER_TEST_IMAGE,
            memory: "1Gi",
            cpu: "250m",
            evictionPolicy: "allkeys-lfu",
            storageSize: "8Gi",
            retainVolumeOnDelete: true,
            clients: [{ namespace: "apps", podLabels: { "app.kubernetes.io/name": "api" } }],
            provider,
            ...overrides,
        });
    });
}

describe("components/kubernetes/Redis", () => {
    it("runs AOF with maxmemory at 75% of the limit and the configured eviction policy", () => {
        const args = redisArgs("256Mi", "allkeys-lru");
        assert.deepEqual(args.slice(0, 4), ["--appendonly", "yes", "--appendfsync", "everysec"]);
        assert.equal(args[args.indexOf("--maxmemory") + 1], String(Math.floor(256 * 2 ** 20 * MAXMEMORY_SHARE)));
        assert.equal(args[args.indexOf("--maxmemory-policy") + 1], "allkeys-lru");
        assert.equal(args[args.indexOf("--requirepass") + 1], "$(REDIS_PASSWORD)");
        assert.equal(memoryBytes("1Gi"), 2 ** 30);
        assert.throws(() => memoryBytes("1G"), /memory quantity "1G": expected a whole number of Ki, Mi or Gi/);
    });

    it("is a restricted StatefulSet of the official image with a headless Service, PDB, and a NetworkPolicy for its clients only", async () => {
        const captured = await captureRedis("redis-prod", {});
        const set = captured.one("kubernetes:apps/v1:StatefulSet").inputs as any;
        const pod = set.spec.template.spec;
        const container = pod.containers[0];
        assert.equal(container.image, REDIS_TEST_IMAGE, "the image it is given (the stack registry's copy, by digest)");
        assert.equal(pod.containers[1].image, EXPORTER_TEST_IMAGE);
        assert.equal(pod.securityContext.runAsUser, REDIS_UID);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(container.securityContext.capabilities, { drop: ["ALL"] });
        assert.match(container.livenessProbe.exec.command.join(" "), /redis-cli -p 6379 ping/);
        assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.equal(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "8Gi");
        assert.equal(set.spec.serviceName, "redis");
        // A new password rolls Redis too (its clients roll and need it): a keyed digest of the password
        // (the mock runtime's stand-in for the key), never the password or its plain hash.
        assert.equal(set.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION], configChecksum({}, { password: "generated" }, "offline-plan-generated-redis-prod-checksum-key"));
        assert.equal((captured.one("kubernetes:core/v1:Service").inputs.spec as any).clusterIP, "None");
        const policy = captured.one("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs.spec as any;
        assert.deepEqual(policy.ingress[0].from, [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } } },
        ]);
        assert.deepEqual(policy.egress, []);
        assert.equal(captured.ofType("kubernetes:policy/v1:PodDisruptionBudget").length, 1);
    });

    it("admits nobody on the Redis port when no service uses it (an empty `from` would admit every pod)", async () => {
        const captured = await captureRedis("redis-unused", { clients: [], metricsScraper: { namespace: "kube-system", podLabels: { rsName: "ama-metrics" } } });
        const policy = captured.one("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs.spec as any;
        assert.deepEqual(policy.policyTypes, ["Ingress", "Egress"]);
        assert.deepEqual(
            policy.ingress.map((rule: any) => rule.ports.map((p: any) => p.port)),
            [["metrics"]],
            "only the scraper's rule, on the metrics port",
        );
        for (const rule of policy.ingress) assert.ok(rule.from.length > 0, "no rule admits every pod");
    });
});
