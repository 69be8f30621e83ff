import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import {
    ADMIN_LISTENER,
    CLIENT_LISTENER,
    KafkaCluster,
    planKafka,
    planNodePools,
    PULUMI_ADMIN_USER,
    SERVICE_USER_PREFIX,
    type KafkaClusterSpec,
} from "../../../components/kafka/kafka-cluster";
import { azureTraits, PROFILES } from "../../../stacks/profiles";
import { schemaProblems } from "../../support/kubernetes-schemas";
import { capture, valueOf } from "../../support/harness";
import { FAKE_CA_CERTIFICATE } from "../../../tools/plan/mocks";

function spec(profile: "dev" | "prod", overrides: Partial<KafkaClusterSpec> = {}): KafkaClusterSpec {
    const traits = PROFILES[profile].traits;
    return {
        ...traits.kafka,
        name: "platform",
        namespace: "kafka",
        zones: traits.availabilityZones,
        adminAccess: azureTraits(PROFILES[profile]).kafkaAdminListener === "internal" ? { kind: "internal-load-balancer" } : { kind: "load-balancer", sourceRanges: ["203.0.113.0/24"] },
        clients: [{ namespace: "apps", podLabels: { "app.kubernetes.io/name": "api" } }],
        ...overrides,
    };
}

describe("components/kafka/KafkaCluster", () => {
    it("dev: one combined controller/broker node, replication 1, a public admin listener limited to the given ranges", async () => {
        const kafka = planKafka(spec("dev"));
        const pools = planNodePools(spec("dev"));
        assert.deepEqual(pools.map((p) => [p.metadata.name, p.spec.replicas, p.spec.roles]), [["combined", 1, ["controller", "broker"]]]);
        assert.equal(kafka.spec.kafka.config["default.replication.factor"], 1);
        assert.equal(kafka.spec.kafka.rack, undefined);
        const admin = kafka.spec.kafka.listeners.find((l) => l.name === ADMIN_LISTENER.name)!;
        assert.deepEqual(admin.configuration, { loadBalancerSourceRanges: ["203.0.113.0/24"] });
        assert.deepEqual(kafka.spec.kafka.template, {});
        for (const object of [kafka, ...pools]) {
            assert.deepEqual(await schemaProblems(object), [], object.kind);
        }
    });

    it("prod: three controllers and three brokers spread over zones with rack awareness, RF 3, min ISR 2, an internal admin load balancer", async () => {
        const kafka = planKafka(spec("prod"));
        const pools = planNodePools(spec("prod"));
        assert.deepEqual(pools.map((p) => [p.metadata.name, p.spec.replicas, p.spec.roles]), [
            ["controllers", 3, ["controller"]],
            ["brokers", 3, ["broker"]],
        ]);
        for (const pool of pools) {
            assert.equal(pool.spec.storage.volumes[0].type, "persistent-claim");
            assert.equal(pool.spec.storage.volumes[0].deleteClaim, false);
            assert.equal(pool.spec.template.pod.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
            assert.equal(pool.spec.resources.requests.memory, pool.spec.resources.limits.memory);
        }
        const { config } = kafka.spec.kafka;
        assert.equal(config["default.replication.factor"], 3);
        assert.equal(config["min.insync.replicas"], 2);
        assert.equal(config["auto.create.topics.enable"], false);
        assert.deepEqual(kafka.spec.kafka.rack, { topologyKey: "topology.kubernetes.io/zone" });
        assert.deepEqual(kafka.spec.kafka.template, {
            externalBootstrapService: { metadata: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } } },
            perPodService: { metadata: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } } },
        });
        for (const listener of kafka.spec.kafka.listeners) {
            assert.equal(listener.tls, true);
            assert.deepEqual(listener.authentication, { type: "scram-sha-512" });
        }
        const client = kafka.spec.kafka.listeners.find((l) => l.name === CLIENT_LISTENER.name)!;
        assert.equal(client.type, "internal");
        assert.deepEqual(client.networkPolicyPeers, [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } } },
        ]);
        // No topic operator (topics are Pulumi's); the user operator leaves Pulumi's service users alone.
        assert.deepEqual(Object.keys(kafka.spec.entityOperator), ["userOperator", "template"]);
        assert.deepEqual(kafka.spec.entityOperator.template.userOperatorContainer.env, [{ name: "STRIMZI_IGNORED_USERS_PATTERN", value: `^${SERVICE_USER_PREFIX}` }]);
        for (const object of [kafka, ...pools]) {
            assert.deepEqual(await schemaProblems(object), [], object.kind);
        }
    });

    it("refuses a replication factor above the brokers, min ISR above the replication, and a public admin listener open to all", () => {
        assert.throws(() => planKafka(spec("dev", { replicationFactor: 3, minInSyncReplicas: 2 })), /replication factor 3 exceeds the 1 broker\(s\)/);
        assert.throws(() => planKafka(spec("prod", { minInSyncReplicas: 4 })), /min.insync.replicas 4 exceeds the replication factor 3/);
        assert.throws(() => planKafka(spec("dev", { adminAccess: { kind: "load-balancer", sourceRanges: [] } })), /public admin listener needs source ranges/);
    });

    it("creates the operator, node pools, Kafka and Pulumi's admin user; connects through the admin listener with the cluster CA", async () => {
        const captured = await capture(() => {
            const provider = new Provider("kafka-k8s", { kubeconfig: "unused" });
            return new KafkaCluster("kafka-unit", { spec: spec("prod"), provider, protect: true });
        });
        const release = captured.one("kubernetes:helm.sh/v3:Release").inputs as any;
        assert.equal(release.chart, "strimzi-kafka-operator");
        assert.match(release.version, /^0\.\d+\.\d+$/);
        const user = captured.one("kubernetes:kafka.strimzi.io/v1:KafkaUser").inputs as any;
        assert.equal(user.metadata.name, PULUMI_ADMIN_USER);
        assert.deepEqual(user.spec.authentication.password.valueFrom.secretKeyRef, { name: `${PULUMI_ADMIN_USER}-password`, key: "password" });
        const operations = user.spec.authorization.acls.flatMap((acl: any) => acl.operations);
        assert.ok(!operations.includes("Read") && !operations.includes("Write") && !operations.includes("All"), "Pulumi never reads or writes data");
        for (const type of ["kubernetes:kafka.strimzi.io/v1:Kafka", "kubernetes:kafka.strimzi.io/v1:KafkaNodePool"]) {
            assert.ok(captured.ofType(type).every((r) => r.protect), `${type} protected`);
        }
        const connection = captured.value.connection;
        assert.deepEqual(await valueOf(connection.adminBootstrapServers as any), [`platform-kafka-admin-bootstrap.offline.invalid:${ADMIN_LISTENER.port}`]);
        assert.equal(await valueOf(connection.caCertificate as any), FAKE_CA_CERTIFICATE);
        assert.equal(connection.clientBootstrapServers, `platform-kafka-bootstrap.kafka.svc:${CLIENT_LISTENER.port}`);
        assert.equal(connection.adminUsername, PULUMI_ADMIN_USER);
    });
});
