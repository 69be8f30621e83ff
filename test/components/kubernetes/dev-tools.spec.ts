import * as assert from "node:assert/strict";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Provider } from "@pulumi/kubernetes/provider";
import { DEV_TOOLS, DevTools, KAFKA_UI_ACLS } from "../../../components/kubernetes/dev-tools";
import { capture } from "../../support/harness";

describe("components/kubernetes/DevTools", () => {
    it("gives Kafka UI a read-only Kafka user and each tool egress to its one backend, nothing in", async () => {
        const captured = await capture(() => {
            const provider = new Provider("tools-k8s", { kubeconfig: "unused" });
            // Stands for the Kafka resource the user waits for.
            const kafka = new ConfigMap("kafka-stand-in", { metadata: { name: "kafka" } }, { provider });
            return new DevTools("dev-tools", {
                kafka: { namespace: "kafka", cluster: "platform", bootstrapServers: "platform-kafka-bootstrap.kafka.svc:9093", egress: { name: "kafka", peer: { namespace: "kafka", podLabels: { "strimzi.io/cluster": "platform" } }, ports: [{ port: 9093 }] }, resource: kafka },
                redis: { namespace: "data", host: "redis.data.svc.cluster.local", port: 6379, passwordSecret: "redis", egress: { name: "redis", peer: { namespace: "data", podLabels: { app: "redis" } }, ports: [{ port: 6379 }] } },
                provider,
            });
        });
        const operations = KAFKA_UI_ACLS.flatMap((acl) => acl.operations as readonly string[]);
        assert.deepEqual(operations.filter((o) => !["Describe", "DescribeConfigs", "Read"].includes(o)), [], "no write, alter or delete");
        const user = captured.one("kubernetes:kafka.strimzi.io/v1:KafkaUser");
        assert.equal((user.inputs as any).spec.authentication.type, "scram-sha-512");
        assert.ok(user.dependencies.some((d) => d.endsWith("::kafka-stand-in")), "created once Kafka is (its User Operator makes the user)");
        const ui = captured.ofType("kubernetes:apps/v1:Deployment").map((r) => r.inputs as any).find((d) => d.metadata.name === DEV_TOOLS.kafkaUi.name);
        const env = Object.fromEntries(ui.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
        assert.equal(env.KAFKA_CLUSTERS_0_READONLY, "true");
        assert.deepEqual(env.KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG, { secretKeyRef: { name: "kafka-ui", key: "sasl.jaas.config" } });
        for (const policy of captured.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs as any)) {
            assert.deepEqual(policy.spec.ingress, [], `${policy.metadata.name}: reached by port-forward only`);
            assert.equal(policy.spec.egress.length, 2, `${policy.metadata.name}: DNS and its backend`);
        }
    });
});
