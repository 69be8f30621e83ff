import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { secretProviderClassManifest, secretVersionsAnnotation, vaultObjectsParameter, SECRETS_STORE_DRIVER } from "../../../components/kubernetes/secrets-store";
import { workloadSecret } from "../../../components/kubernetes/workload-secret";
import { runs } from "../../support/fast-check";
import { capture } from "../../support/harness";

const version = fc.stringMatching(/^[0-9a-f]{32}$/);
const setting = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/);

describe("components/kubernetes/secrets-store", () => {
    it("the provider's objects: each secret at its version, its file named by the setting, in a stable order", () => {
        assert.equal(
            vaultObjectsParameter({ REDIS_PASSWORD: { secretName: "api-redis-password", version: "v2" }, KAFKA_PASSWORD: { secretName: "api-kafka-password", version: "v1" } }),
            "array:\n  - |\n    objectName: api-kafka-password\n    objectType: secret\n    objectVersion: v1\n    objectAlias: KAFKA_PASSWORD\n  - |\n    objectName: api-redis-password\n    objectType: secret\n    objectVersion: v2\n    objectAlias: REDIS_PASSWORD\n",
        );
    });

    it("a SecretProviderClass reads with the workload's identity (no pod identity) and syncs every setting into the workload's Secret", () => {
        const spc = secretProviderClassManifest("api", "apps", "api", { vaultName: "kv", tenantId: "t", clientId: "c", objects: { KAFKA_PASSWORD: { secretName: "api-kafka-password", version: "v1" } } }) as any;
        assert.equal(spc.spec.provider, "azure");
        assert.deepEqual({ ...spc.spec.parameters, objects: undefined }, { usePodIdentity: "false", clientID: "c", keyvaultName: "kv", tenantId: "t", objects: undefined });
        assert.deepEqual(spc.spec.secretObjects[0].data, [{ objectName: "KAFKA_PASSWORD", key: "KAFKA_PASSWORD" }]);
        assert.equal(spc.spec.secretObjects[0].secretName, "api");
        assert.throws(() => secretProviderClassManifest("x", "apps", "x", { vaultName: "kv", tenantId: "t", clientId: "c", objects: {} }), /no objects/);
    });

    it("property: the versions annotation changes exactly when some version changes, never with the order settings come in", () => {
        fc.assert(
            fc.property(fc.dictionary(setting, version, { minKeys: 1, maxKeys: 6 }), fc.nat(), version, (versions, pick, replacement) => {
                const keys = Object.keys(versions);
                const reversed = Object.fromEntries([...keys].reverse().map((k) => [k, versions[k]]));
                assert.equal(secretVersionsAnnotation(reversed), secretVersionsAnnotation(versions));
                const key = keys[pick % keys.length];
                const changed = { ...versions, [key]: replacement };
                assert.equal(secretVersionsAnnotation(changed) === secretVersionsAnnotation(versions), replacement === versions[key]);
            }),
            runs(500),
        );
    });

    it("values become a Kubernetes Secret; Key Vault objects a SecretProviderClass after the add-on, with the driver's volume to mount", async () => {
        const captured = await capture(() => {
            const provider = new Provider("secrets-k8s", { kubeconfig: "unused" });
            const parent = new pulumi.ComponentResource("test:index:Owner", "owner");
            const addOn = new (class extends pulumi.CustomResource {})("test:index:Cluster", "cluster-with-add-on", {});
            return {
                plain: workloadSecret("plain", { namespace: "apps", secretName: "worker" }, { kind: "values", values: { KAFKA_PASSWORD: "pw" } }, { parent, provider }),
                vault: workloadSecret(
                    "vault",
                    { namespace: "apps", secretName: "api" },
                    { kind: "key-vault", source: { vaultName: "kv", tenantId: "t", clientId: "c", objects: { KAFKA_PASSWORD: { secretName: "api-kafka-password", version: "abc" } } }, definedBy: addOn },
                    { parent, provider },
                ),
            };
        });
        assert.equal(captured.ofType("kubernetes:core/v1:Secret").length, 1);
        const spc = captured.one("kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass");
        assert.ok(spc.dependencies.some((urn) => urn.endsWith("::cluster-with-add-on")));
        assert.equal(captured.value.plain.providerClass, undefined);
        assert.ok(captured.value.vault.providerClass);
        assert.equal(SECRETS_STORE_DRIVER, "secrets-store.csi.k8s.io");
    });
});
