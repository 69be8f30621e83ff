import { secretsFromKeyVault } from "../../../policy/rules/kubernetes/secrets-from-key-vault";
import { stackRuleTable, type TestResource } from "../../support/policy";

const object = (type: string, name: string, props: Record<string, any> = {}, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });
const SPC = "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass";
const csiVolume = (providerClass: string) => ({ name: "secrets-store", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: providerClass } } });

/** The api reads its Secret whole (envFrom), Redis one key (env); both synced from Key Vault and mounted. */
function stack(): TestResource[] {
    return [
        object(SPC, "app-api-secret-provider-class", { metadata: { name: "api", namespace: "apps" }, spec: { provider: "azure", secretObjects: [{ secretName: "api", type: "Opaque", data: [{ objectName: "KAFKA_PASSWORD", key: "KAFKA_PASSWORD" }] }] } }),
        object("kubernetes:apps/v1:Deployment", "app-api-deployment", {
            metadata: { name: "api", namespace: "apps" },
            spec: { template: { spec: { containers: [{ name: "api", image: "acr.io/api@sha256:1", envFrom: [{ configMapRef: { name: "api" } }, { secretRef: { name: "api" } }] }], volumes: [csiVolume("api")] } } },
        }),
        object(SPC, "redis-secret-provider-class", { metadata: { name: "redis", namespace: "data" }, spec: { provider: "azure", secretObjects: [{ secretName: "redis", type: "Opaque", data: [{ objectName: "password", key: "password" }] }] } }),
        object("kubernetes:apps/v1:StatefulSet", "redis-statefulset", {
            metadata: { name: "redis", namespace: "data" },
            spec: { template: { spec: { containers: [{ name: "redis", image: "acr.io/redis@sha256:2", env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis", key: "password" } } }] }], volumes: [csiVolume("redis")] } } },
        }),
        // A Secret nobody's pod reads (an operator's input) is not this rule's business.
        object("kubernetes:core/v1:Secret", "kafka-admin-password", { metadata: { name: "pulumi-admin-password", namespace: "kafka" }, stringData: { password: "x" } }),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;

stackRuleTable(secretsFromKeyVault, {
    good: stack,
    compliant: [["a pod that reads a Secret synced by a SecretProviderClass of another name it mounts", (s) => {
        named(s, "app-api-secret-provider-class").props.metadata.name = "api-vault";
        named(s, "app-api-deployment").props.spec.template.spec.volumes = [csiVolume("api-vault")];
    }]],
    bad: [
        [
            "the api's credentials written into a Kubernetes Secret by the stack (as before Key Vault)",
            (s) => {
                s.splice(s.indexOf(named(s, "app-api-secret-provider-class")), 1);
                s.push(object("kubernetes:core/v1:Secret", "app-api-secret", { metadata: { name: "api", namespace: "apps" }, stringData: { KAFKA_PASSWORD: "pw", REDIS_PASSWORD: "pw" } }));
            },
            'kubernetes:core/v1:Secret "app-api-secret": data is the stack writes Secret apps/api\'s values, read by Deployment api (KAFKA_PASSWORD, REDIS_PASSWORD); expected a Secret synced from Key Vault by a SecretProviderClass (spec.secretObjects), its values never in the stack. Fix: store the values in the stack\'s Key Vault',
        ],
        [
            "Redis reading a synced Secret without mounting its SecretProviderClass (the Secret would never appear)",
            (s) => (named(s, "redis-statefulset").props.spec.template.spec.volumes = []),
            'kubernetes:apps/v1:StatefulSet "redis-statefulset": spec.template.spec.containers[0].env[0] is reads Secret redis, which SecretProviderClass redis syncs, and the pod mounts no SecretProviderClass; expected a secrets-store.csi.k8s.io volume with volumeAttributes.secretProviderClass redis',
        ],
        [
            "a Secret both synced and written by the stack",
            (s) => s.push(object("kubernetes:core/v1:Secret", "redis-secret", { metadata: { name: "redis", namespace: "data" }, data: { password: "cHc=" } })),
            'kubernetes:core/v1:Secret "redis-secret": data is the stack writes Secret data/redis\'s values, read by StatefulSet redis (password)',
        ],
    ],
});
