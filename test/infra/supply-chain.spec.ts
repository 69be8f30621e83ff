import * as assert from "node:assert/strict";
import { THIRD_PARTY_IMAGES, THIRD_PARTY_NAMES } from "../../components/build/third-party-images";
import { PROFILES } from "../../stacks/profiles";
import { differences } from "../../tools/plan/diff";
import { plannedStack, runPlanCli, writeStackFile } from "../support/harness";

type Planned = { urn: string; type: string; name: string; inputs: any; dependencies: string[] };
const DIGEST_REF = /^[a-z0-9.-]+\.azurecr\.io\/[a-z0-9._/-]+(:[A-Za-z0-9_.-]+)?@sha256:[0-9a-f]{64}$/;

/** Every image a pod spec in the plan names (workloads, jobs, the FlinkDeployment's image). */
function podImages(resources: Planned[]): { owner: string; image: string }[] {
    const found: { owner: string; image: string }[] = [];
    const visit = (owner: string, value: unknown): void => {
        if (Array.isArray(value)) value.forEach((v) => visit(owner, v));
        else if (value && typeof value === "object") {
            for (const [key, inner] of Object.entries(value)) {
                if (key === "image" && typeof inner === "string") found.push({ owner, image: inner });
                else visit(owner, inner);
            }
        }
    };
    for (const r of resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release")) visit(r.name, r.inputs);
    return found;
}

describe("stacks/profiles: supply chain", () => {
    it("every Azure profile that verifies signatures signs its images (else nothing would pass)", () => {
        for (const profile of Object.values(PROFILES)) {
            const target = profile.traits.target;
            if (target.kind === "azure" && target.supplyChain.verify !== "Disabled") assert.equal(target.supplyChain.sign, true, profile.name);
        }
    });
});

describe("infra: supply chain and secrets (whole program)", function () {
    this.timeout(240_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every image a pod runs, and every image the operators' charts run, is the stack registry's, by digest, and signed there first`, () => {
            const { plan } = plannedStack(stack);
            const resources: Planned[] = plan.resources;
            const loginServer: string = plan.outputs.registryLoginServer;
            for (const { owner, image } of podImages(resources)) {
                assert.match(image, DIGEST_REF, `${owner} runs ${image}`);
                assert.ok(image.startsWith(`${loginServer}/`), `${owner} runs ${image}, not from ${loginServer}`);
            }
            const signed = new Set(
                resources
                    .filter((r) => r.type === "command:local:Command" && /notation sign /.test(r.inputs.create))
                    .map((r) => /'([^']+@sha256:[0-9a-f]{64})'$/.exec(r.inputs.create)?.[1]),
            );
            for (const { owner, image } of podImages(resources)) {
                assert.ok(signed.has(image.replace(/:[A-Za-z0-9_.-]+@/, "@")), `${owner}'s ${image} is signed`);
            }
            const releases = Object.fromEntries(resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => [r.inputs.chart, r.inputs.values]));
            const strimzi = releases["strimzi-kafka-operator"];
            for (const key of ["image", "kafka", "kafkaInit", "topicOperator", "userOperator", "kafkaExporter", "cruiseControl"]) {
                const image = key === "image" ? strimzi.image : strimzi[key].image;
                assert.equal(image.registry, loginServer, `strimzi ${key}`);
                assert.match(image.digest, /^sha256:[0-9a-f]{64}$/, `strimzi ${key}`);
            }
            assert.equal(strimzi.kafka.image.digest, THIRD_PARTY_IMAGES.strimziKafka.digest);
            assert.equal(strimzi.image.digest, THIRD_PARTY_IMAGES.strimziOperator.digest);
            assert.ok(releases["flink-kubernetes-operator"].image.repository.startsWith(`${loginServer}/mirror/`));
            assert.match(releases.ratify.image.tag, /^v1\.4\.0@sha256:[0-9a-f]{64}$/);
            // The stack exports its mirrors (what prod promotes from dev).
            assert.deepEqual(Object.keys(plan.outputs.mirroredImages).sort(), [...THIRD_PARTY_NAMES].sort());
        });

        it(`${stack}: the Key Vault holds the workloads' credentials (RBAC, purge protection, audit logs), each pod reads its own through a SecretProviderClass, and no pod reads a Secret the stack writes`, () => {
            const { plan } = plannedStack(stack);
            const resources: Planned[] = plan.resources;
            const vault = resources.find((r) => r.type === "azure-native:keyvault:Vault")!;
            assert.equal(vault.inputs.properties.enableRbacAuthorization, true);
            assert.equal(vault.inputs.properties.enablePurgeProtection, true);
            assert.equal(vault.inputs.properties.softDeleteRetentionInDays, 90);
            assert.equal(vault.inputs.properties.publicNetworkAccess, stack === "prod" ? "Disabled" : "Enabled");
            assert.equal(resources.some((r) => r.type === "azure-native:network:PrivateEndpoint" && r.inputs.privateLinkServiceConnections[0].groupIds[0] === "vault"), stack === "prod");
            const diagnostics = resources.find((r) => r.type === "azure-native:monitor:DiagnosticSetting" && r.inputs.resourceUri === vault.inputs.id)
                ?? resources.find((r) => r.type === "azure-native:monitor:DiagnosticSetting" && /key-vault/.test(r.name));
            assert.ok(diagnostics, "the vault's audit events go to the workspace");
            assert.deepEqual(diagnostics.inputs.logs.map((l: any) => l.category), ["AuditEvent"]);

            const classes = resources.filter((r) => r.type === "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass");
            assert.deepEqual(classes.map((c) => `${c.inputs.metadata.namespace}/${c.inputs.metadata.name}`).sort(), ["apps/api", "apps/worker", "data/redis", "flink/flink-event-count-env", "lakehouse/lakekeeper"]);
            const written = new Set(resources.filter((r) => r.type === "kubernetes:core/v1:Secret").map((r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`));
            assert.deepEqual([...written], ["kafka/pulumi-admin-password"], "only the Kafka admin's password, which Strimzi's user operator reads and no pod");
            for (const spc of classes) {
                // Each class reads as the identity of the workload that owns it, which may read exactly those secrets.
                const objects = [...spc.inputs.spec.parameters.objects.matchAll(/objectName: (\S+)\n\s+objectType: secret\n\s+objectVersion: ([0-9a-f]{32})/g)];
                assert.ok(objects.length > 0, spc.name);
                for (const [, secretName] of objects) {
                    const grants = resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.inputs.scope.endsWith(`/secrets/${secretName}`));
                    assert.equal(grants.length, 1, `${secretName}: one reader`);
                    const identity = resources.find((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity" && grants[0].dependencies.includes(r.urn));
                    assert.ok(identity, `${secretName}'s reader is a workload identity`);
                }
            }
        });
    }

    it("prod scans what it promotes before importing it, and signs after", () => {
        const resources: Planned[] = plannedStack("prod").plan.resources;
        const imports = resources.filter((r) => r.type === "command:local:Command" && r.inputs.create.startsWith("az acr import "));
        assert.equal(imports.length, 5 + THIRD_PARTY_NAMES.length, imports.map((i) => i.name).join(", "));
        for (const promoted of imports) {
            const scan = resources.find((r) => promoted.dependencies.includes(r.urn) && r.type === "command:local:Command" && r.inputs.create.includes("trivy image"));
            assert.ok(scan, `${promoted.name} waits for its scan`);
            assert.match(scan.inputs.create, /--severity CRITICAL --ignore-unfixed --exit-code 1/);
            const sign = resources.find((r) => r.type === "command:local:Command" && r.dependencies.includes(promoted.urn) && r.inputs.create.includes("notation sign"));
            assert.ok(sign, `${promoted.name} is signed once imported`);
        }
        assert.equal(resources.filter((r) => r.type === "command:local:Command" && r.inputs.create.includes("trivy image")).length, imports.length);
    });

    it("rotation: a new Redis password is a new version of the three copies, and rolls exactly Redis, the api and the worker", () => {
        const plan = (config: Record<string, unknown>) => {
            const run = runPlanCli(["--stack", "dev", "--stack-file", writeStackFile(config), "--quiet", "--no-policy"]);
            assert.equal(run.code, 0, run.stderr + run.stdout);
            return new Map<string, Planned>(run.plan.resources.map((r: Planned) => [r.urn, r]));
        };
        const before = plan({});
        const after = plan({ redisPassword: { secure: "v1:AAAA" } });
        const changed = [...before]
            .filter(([urn]) => after.has(urn))
            .flatMap(([urn, r]) => differences(r.inputs, after.get(urn)!.inputs).map((p) => `${r.type.split(":").pop()} ${r.name}: ${p}`))
            .sort();
        assert.deepEqual(changed, [
            "Deployment app-api-deployment: spec.template.metadata.annotations.checksum/config",
            "Deployment app-worker-deployment: spec.template.metadata.annotations.checksum/config",
            "Job smoke-test-job: metadata.name",
            "SecretProviderClass app-api-secret-provider-class: spec.parameters.objects",
            "SecretProviderClass app-worker-secret-provider-class: spec.parameters.objects",
            "SecretProviderClass redis-secret-provider-class: spec.parameters.objects",
            "StatefulSet redis-statefulset: spec.template.metadata.annotations.checksum/config",
        ]);
    });
});
