/**
 * Kafka in the whole program: the Strimzi brokers per stack, the catalog's topics, dead-letter
 * topics and ACLs through the kafka provider, the services' credentials, and the external mode.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { STRIMZI_CHART } from "../../components/kafka/kafka-cluster";
import { DEAD_LETTER, deadLetterTopic, topicName, type TopicEntry } from "../../components/kafka/topic-plan";
import { plannedStack, PROJECT, REPO_ROOT, runPlanCli, writeStackFile, type PlanRun } from "../support/harness";

interface PlannedResource {
    type: string;
    name: string;
    protect: boolean;
    provider?: string;
    inputs: any;
}

const resources = (run: PlanRun): PlannedResource[] => run.plan.resources;
const ofType = (run: PlanRun, type: string) => resources(run).filter((r) => r.type === type);
const catalogOf = (stack: string): TopicEntry[] =>
    (parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>)[`${PROJECT}:kafkaTopics`] as TopicEntry[];

describe("infra kafka (whole program)", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the Strimzi release, Kafka and node pools, the kafka provider, and every catalog topic, dead-letter topic and ACL`, () => {
            const run = plannedStack(stack);
            assert.equal(run.code, 0, run.stderr);
            const release = ofType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "strimzi-kafka-operator");
            assert.equal(release?.inputs.version, STRIMZI_CHART.version, "the pinned Strimzi operator release");
            assert.equal(ofType(run, "kubernetes:kafka.strimzi.io/v1:Kafka").length, 1);
            const pools = ofType(run, "kubernetes:kafka.strimzi.io/v1:KafkaNodePool").map((p) => [p.inputs.metadata.name, p.inputs.spec.replicas]);
            assert.deepEqual(pools, stack === "dev" ? [["combined", 1]] : [["controllers", 3], ["brokers", 3]]);

            assert.deepEqual(ofType(run, "pulumi:providers:kafka").map((p) => p.name), ["topics-provider"], "one kafka provider");
            const topics = ofType(run, "kafka:index/topic:Topic");
            const catalog = catalogOf(stack);
            const expected = catalog.flatMap((e) => [topicName(e), ...e.consumers.map((c) => deadLetterTopic(topicName(e), c.group))]);
            assert.deepEqual(topics.map((t) => t.inputs.name).sort(), expected.sort());
            for (const topic of topics) {
                assert.match(topic.provider ?? "", /\$pulumi:providers:kafka::topics-provider(::|$)/, `${topic.name} uses the catalog's provider`);
                assert.equal(topic.inputs.replicationFactor, stack === "prod" ? 3 : 1);
                assert.equal(topic.inputs.config["min.insync.replicas"], stack === "prod" ? "2" : "1");
                const entry = catalog.find((e) => topicName(e) === topic.inputs.name);
                const hours = entry ? entry.retentionHours : DEAD_LETTER.retentionHours;
                assert.equal(topic.inputs.config["retention.ms"], String(hours * 3_600_000), `${topic.inputs.name}: explicit retention from the catalog`);
                assert.equal(topic.protect, stack === "prod");
            }
            const acls = ofType(run, "kafka:index/acl:Acl");
            const principals = [...new Set(acls.map((a) => a.inputs.aclPrincipal))].sort();
            assert.deepEqual(principals, ["User:svc-api", "User:svc-event-count", "User:svc-worker"]);
            assert.deepEqual(ofType(run, "kafka:index/userScramCredential:UserScramCredential").map((u) => u.inputs.username).sort(), ["svc-api", "svc-event-count", "svc-worker"]);
        });
    }

    it("prod: topics with replication 3 and min ISR 2, the worker's dead-letter topic, the API may only write its topic", () => {
        const run = plannedStack("prod");
        const received = ofType(run, "kafka:index/topic:Topic").find((t) => t.inputs.name === "web.event.received")!;
        assert.equal(received.inputs.partitions, 12);
        const apiGrants = ofType(run, "kafka:index/acl:Acl")
            .filter((a) => a.inputs.aclPrincipal === "User:svc-api")
            .map((a) => `${a.inputs.aclOperation} ${a.inputs.aclResourceType} ${a.inputs.aclResourceName}`);
        assert.deepEqual(apiGrants.sort(), ["Describe Topic web.event.received", "Write Topic web.event.received"]);
        assert.ok(ofType(run, "kafka:index/topic:Topic").some((t) => t.inputs.name === "web.event.received.worker.dlt"));
    });

    it("prod: the services get the bootstrap address from the platform and their own Kafka user from Key Vault, through their SecretProviderClass", () => {
        const dir = path.join(plannedStack("prod").outDir, "manifests");
        const read = (file: string) => parse(fs.readFileSync(path.join(dir, file), "utf8"));
        const settingsOf = (spc: any) => spc.spec.secretObjects[0].data.map((d: { key: string }) => d.key).filter((k: string) => k.startsWith("KAFKA_")).sort();
        for (const service of ["api", "worker"]) {
            const config = read(`apps.configmap.${service}.yaml`).data;
            assert.equal(config.KAFKA_BOOTSTRAP_SERVERS, "platform-kafka-bootstrap.kafka.svc:9093");
            assert.equal(config.KAFKA_SASL_MECHANISM, "SCRAM-SHA-512");
            const spc = read(`apps.secretproviderclass.${service}.yaml`);
            assert.deepEqual(settingsOf(spc), ["KAFKA_CA_CERT", "KAFKA_PASSWORD", "KAFKA_USERNAME"]);
            assert.match(spc.spec.parameters.objects, new RegExp(`objectName: ${service}-kafka-password\n`));
            assert.equal(fs.existsSync(path.join(dir, `apps.secret.${service}.yaml`)), false, `no Secret written for ${service}`);
        }
        assert.equal(read("apps.configmap.worker.yaml").data.DEAD_LETTER_TOPIC, "web.event.received.worker.dlt");
        assert.equal(fs.existsSync(path.join(dir, "apps.secretproviderclass.frontend.yaml")), false, "the frontend uses no Kafka");
        const flinkEnv = read("flink.flinkdeployment.event-count.yaml").spec.podTemplate.spec.containers[0].env;
        const fromSecret = flinkEnv.filter((e: any) => e.valueFrom?.secretKeyRef?.name === "flink-event-count-env").map((e: any) => e.name);
        assert.deepEqual(fromSecret, ["KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_CA_CERT"]);
        assert.deepEqual(settingsOf(read("flink.secretproviderclass.flink-event-count-env.yaml")), ["KAFKA_CA_CERT", "KAFKA_PASSWORD", "KAFKA_USERNAME"]);
    });

    it("external Kafka: no brokers or operator; topics, users and ACLs through the configured service", () => {
        const stackFile = writeStackFile({
            kafkaMode: "external",
            kafkaAdminSourceRanges: [],
            kafkaBootstrapServers: ["kafka-1.example.com:9093", "kafka-2.example.com:9093"],
            kafkaAdminUsername: "platform-admin",
            kafkaAdminPassword: { secure: "v1:AAAA" },
        });
        const run = runPlanCli(["--stack", "dev", "--stack-file", stackFile, "--quiet", "--no-policy"]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(resources(run).filter((r) => /strimzi|kafka:KafkaCluster/.test(r.type) || r.inputs?.chart === "strimzi-kafka-operator"), []);
        const [provider] = ofType(run, "pulumi:providers:kafka");
        assert.deepEqual(JSON.parse(provider.inputs.bootstrapServers), ["kafka-1.example.com:9093", "kafka-2.example.com:9093"]);
        assert.equal(provider.inputs.saslUsername, "platform-admin");
        assert.equal(ofType(run, "kafka:index/topic:Topic").length, 4);
        const dir = path.join(run.outDir, "manifests");
        const policy = parse(fs.readFileSync(path.join(dir, "apps.networkpolicy.api.yaml"), "utf8"));
        const kafkaRule = policy.spec.egress.find((r: any) => r.ports?.some((p: any) => p.port === 9093));
        assert.deepEqual(kafkaRule.to, [{ ipBlock: { cidr: "0.0.0.0/0" } }]);
    });

    it("reports catalog, wiring and mode problems at once, each with its path and a fix", () => {
        const stackFile = writeStackFile({
            kafkaTopics: [
                { domain: "web", entity: "Event", event: "received", partitions: 0, retentionHours: 24, producers: ["api"], consumers: [{ group: "worker", service: "worker" }] },
                { domain: "web", entity: "event", event: "counted", partitions: 1, retentionHours: 24, producers: ["billing"], consumers: [] },
            ],
            kafkaBootstrapServers: ["kafka-1.example.com:9093"],
        });
        const run = runPlanCli(["--stack", "dev", "--stack-file", stackFile]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /Invalid configuration for stack "dev" \(4 problems\); nothing was created/);
        assert.match(run.stderr, /- kafkaTopics\[0\]\.entity = "Event": expected a name segment of lowercase letters/);
        assert.match(run.stderr, /- kafkaTopics\[0\]\.partitions = 0: expected an integer from 1 to 1000/);
        assert.match(run.stderr, /- kafkaTopics\[1\]\.producers\[0\] = "billing": expected a service of this platform: api, worker, frontend, event-count/);
        assert.match(run.stderr, /Fix: set kafkaTopics\[1\]\.producers\[0\] in Pulumi\.dev\.yaml/);
        assert.match(run.stderr, /- kafkaBootstrapServers = .*: expected nothing when kafkaMode is strimzi/);
    });
});
