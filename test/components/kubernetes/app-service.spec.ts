import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { AppService, type AppServiceArgs } from "../../../components/kubernetes/app-service";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from "../../../components/kubernetes/workload-plan";
import { apiSpec } from "../../support/app-spec";
import { capture } from "../../support/harness";

const IMAGE = `acr.azurecr.io/api:c-0123456789abcdef0123@sha256:${"b".repeat(64)}`;

const spec = apiSpec;

describe("components/kubernetes/AppService", () => {
    it("creates ServiceAccount, ConfigMap, Secret, Deployment, Service, HPA, PDB and NetworkPolicy through the cluster's provider", async () => {
        const captured = await capture(() => {
            const provider = new Provider("app-k8s", { kubeconfig: "unused" });
            const args: AppServiceArgs = { spec: spec(), image: IMAGE, secrets: { kind: "values", values: { REDIS_PASSWORD: "s3cret-value" } }, provider };
            return new AppService("app-api", args);
        });
        const kinds = captured.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.type.split(":")[2]);
        assert.deepEqual(kinds.sort(), ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount"]);
        const deployment = captured.one("kubernetes:apps/v1:Deployment").inputs as any;
        assert.equal(deployment.spec.template.spec.containers[0].image, IMAGE);
        assert.equal(
            deployment.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION],
            // Keyed with the service's own random key (the mock runtime's stand-in for its value).
            configChecksum({ EVENTS_TOPIC: "web.event.received" }, { REDIS_PASSWORD: "s3cret-value" }, "offline-plan-generated-app-api-checksum-key"),
        );
        assert.equal(captured.one("kubernetes:core/v1:Secret").inputs.stringData, "[secret]");
        assert.equal(captured.value.address, "api.apps.svc.cluster.local:5000");
    });

    it("annotates the ServiceAccount and labels the pods for workload identity", async () => {
        const captured = await capture(() => {
            const provider = new Provider("wi-k8s", { kubeconfig: "unused" });
            return new AppService("app-worker", {
                spec: spec({ name: "worker", secretKeys: [], workloadIdentity: true }),
                image: IMAGE,
                workloadIdentityClientId: "00000000-0000-4000-8000-0000000000aa",
                provider,
            });
        });
        const account = captured.one("kubernetes:core/v1:ServiceAccount").inputs as any;
        assert.equal(account.metadata.annotations["azure.workload.identity/client-id"], "00000000-0000-4000-8000-0000000000aa");
        const deployment = captured.one("kubernetes:apps/v1:Deployment").inputs as any;
        assert.equal(deployment.spec.template.metadata.labels["azure.workload.identity/use"], "true");
        assert.equal(captured.ofType("kubernetes:core/v1:Secret").length, 0);
    });

    it("refuses a spec whose secret keys have no values, before creating anything", async () => {
        const captured = await capture(() => {
            const provider = new Provider("bad-k8s", { kubeconfig: "unused" });
            assert.throws(() => new AppService("app-bad", { spec: spec(), image: IMAGE, provider }), /app service "api": no value for secret key\(s\) REDIS_PASSWORD/);
        });
        assert.equal(captured.ofType("kubernetes:apps/v1:Deployment").length, 0);
    });
});
