import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import {
    appServiceProblems,
    configChecksum,
    imageRefProblem,
    PORT_NAME,
    planAppService,
    type AppServiceSpec,
} from "../../../components/kubernetes/workload-plan";
import { envName, validAppServiceSpec } from "../../support/arbitraries";
import { schemaProblems } from "../../support/kubernetes-schemas";

const IMAGE = `acr.azurecr.io/api:c-0123456789abcdef0123@sha256:${"a".repeat(64)}`;
const values = { image: IMAGE, checksum: "sum", workloadIdentityClientId: "00000000-0000-4000-8000-000000000001" };

describe("components/kubernetes/workload-plan", () => {
    it("property: for any valid spec, probes, Service targetPort and NetworkPolicy use the one declared container port", () => {
        fc.assert(
            fc.property(validAppServiceSpec, (spec) => {
                const plan = planAppService(spec, values);
                const container = plan.deployment.spec.template.spec.containers[0];
                assert.deepEqual(container.ports, [{ name: PORT_NAME, containerPort: spec.port, protocol: "TCP" }]);
                for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
                    assert.equal(probe.httpGet.port, PORT_NAME);
                }
                assert.deepEqual(plan.service.spec.ports, [{ name: PORT_NAME, port: spec.port, targetPort: PORT_NAME, protocol: "TCP" }]);
                for (const rule of plan.networkPolicy.spec.ingress) {
                    assert.deepEqual(rule.ports, [{ port: PORT_NAME, protocol: "TCP" }]);
                }
            }),
            runs(300),
        );
    });

    it("property: the Deployment, Service, NetworkPolicy, PDB and HPA all select exactly the pods of the template", () => {
        fc.assert(
            fc.property(validAppServiceSpec, (spec) => {
                const plan = planAppService(spec, values);
                const selector = plan.deployment.spec.selector.matchLabels;
                const templateLabels = plan.deployment.spec.template.metadata.labels as Record<string, string>;
                for (const [key, value] of Object.entries(selector)) {
                    assert.equal(templateLabels[key], value, `template label ${key}`);
                }
                assert.deepEqual(plan.service.spec.selector, selector);
                assert.deepEqual(plan.networkPolicy.spec.podSelector.matchLabels, selector);
                if (plan.pdb) {
                    assert.deepEqual(plan.pdb.spec.selector.matchLabels, selector);
                }
                assert.equal(plan.hpa.spec.scaleTargetRef.name, plan.deployment.metadata.name);
                assert.equal(plan.deployment.spec.template.spec.serviceAccountName, plan.serviceAccount.metadata.name);
            }),
            runs(300),
        );
    });

    it("property: PDB minAvailable < replicas <= HPA minReplicas, capacity never drops in a rollout, and the HPA owns replicas", () => {
        fc.assert(
            fc.property(validAppServiceSpec, (spec) => {
                const plan = planAppService(spec, values);
                assert.equal(plan.hpa.spec.minReplicas, spec.replicas);
                assert.ok(plan.hpa.spec.maxReplicas >= plan.hpa.spec.minReplicas);
                if (spec.replicas > 1) {
                    assert.ok(plan.pdb && plan.pdb.spec.minAvailable < spec.replicas && plan.pdb.spec.minAvailable >= 1);
                } else {
                    assert.equal(plan.pdb, undefined, "a single replica gets no PDB (it would block every drain)");
                }
                assert.equal(plan.deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
                assert.ok(!("replicas" in plan.deployment.spec), "the Deployment leaves replicas to the HPA");
            }),
            runs(300),
        );
    });

    it("property: the security context is restricted for any valid spec", () => {
        fc.assert(
            fc.property(validAppServiceSpec, (spec) => {
                const pod = planAppService(spec, values).deployment.spec.template.spec;
                assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: spec.uid, runAsGroup: spec.uid, fsGroup: spec.uid, seccompProfile: { type: "RuntimeDefault" } });
                const container = pod.containers[0].securityContext;
                assert.equal(container.runAsNonRoot, true);
                assert.equal(container.allowPrivilegeEscalation, false);
                assert.equal(container.readOnlyRootFilesystem, true);
                assert.equal(container.privileged, false);
                assert.deepEqual(container.capabilities, { drop: ["ALL"] });
                assert.deepEqual(container.seccompProfile, { type: "RuntimeDefault" });
                assert.equal(pod.automountServiceAccountToken, false);
                assert.deepEqual(pod.volumes.map((v) => "emptyDir" in v), spec.writablePaths.map(() => true));
            }),
            runs(200),
        );
    });

    it("property: the pod checksum changes with any config or secret value and with its key, not with the order keys are declared in, and is no plain hash", () => {
        const settings = fc.dictionary(envName, fc.string({ maxLength: 12 }), { minKeys: 1, maxKeys: 4 });
        const key = fc.stringMatching(/^[A-Za-z0-9]{32}$/);
        fc.assert(
            fc.property(settings, settings, key, key, fc.nat(), fc.string({ minLength: 1, maxLength: 6 }), (config, secrets, k, otherKey, pick, suffix) => {
                const before = configChecksum(config, secrets, k);
                const configKey = Object.keys(config)[pick % Object.keys(config).length];
                assert.notEqual(configChecksum({ ...config, [configKey]: config[configKey] + suffix }, secrets, k), before, "a config change rolls the pods");
                const secretKey = Object.keys(secrets)[pick % Object.keys(secrets).length];
                assert.notEqual(configChecksum(config, { ...secrets, [secretKey]: secrets[secretKey] + suffix }, k), before, "and so does a secret change");
                const fresh = "N".repeat(17); // longer than any generated name, so not among them
                assert.notEqual(configChecksum({ ...config, [fresh]: "" }, secrets, k), before, "and a new variable");
                const reversed = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).reverse());
                assert.equal(configChecksum(reversed(config), reversed(secrets), k), before, "declaration order is not a change");
                if (otherKey !== k) {
                    assert.notEqual(configChecksum(config, secrets, otherKey), before, "without the key, the settings cannot be checked against it");
                }
                const sorted = (r: Record<string, string>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
                const plain = createHash("sha256").update(JSON.stringify([sorted(config), sorted(secrets)])).digest("hex");
                assert.notEqual(before, plain, "not the plain sha256 of the settings (anyone could confirm a guessed secret)");
            }),
            runs(300),
        );
    });

    it("rejects an invalid spec, naming every field at fault", () => {
        const spec = fc.sample(validAppServiceSpec, { numRuns: 1, seed: 7 })[0];
        const bad: AppServiceSpec = { ...spec, name: "Api", port: 80, replicas: 3, maxReplicas: 2, config: { "bad-key": "x" }, uid: 0 };
        assert.deepEqual(
            appServiceProblems(bad).map((p) => p.field),
            ["name", "port", "uid", "maxReplicas", "config.bad-key"],
        );
        assert.throws(() => planAppService(bad, values), /invalid app service "Api":\n {2}- name = "Api": expected a DNS label/);
    });

    it("routes an optional Ingress to the Service's named port", () => {
        const spec = fc.sample(validAppServiceSpec, { numRuns: 1, seed: 11 })[0];
        assert.equal(planAppService(spec, values).ingress, undefined);
        const ingress = planAppService({ ...spec, ingress: { className: "webapprouting.kubernetes.azure.com", path: "/api" } }, values).ingress!;
        assert.equal(ingress.spec.ingressClassName, "webapprouting.kubernetes.azure.com");
        assert.deepEqual(ingress.spec.rules[0].http.paths[0], { path: "/api", pathType: "Prefix", backend: { service: { name: spec.name, port: { name: PORT_NAME } } } });
    });

    it("property: every object planned for any valid spec (with an Ingress) validates against the Kubernetes schemas", async () => {
        await fc.assert(
            fc.asyncProperty(validAppServiceSpec, async (spec) => {
                const plan = planAppService({ ...spec, ingress: { className: "nginx", path: "/" } }, values);
                for (const object of Object.values(plan).filter((o) => o !== undefined)) {
                    assert.deepEqual(await schemaProblems(object), [], `${object.kind}`);
                }
            }),
            runs(40),
        );
    });

    it("accepts only digest-pinned image refs", () => {
        assert.equal(imageRefProblem(IMAGE), undefined);
        assert.match(imageRefProblem("acr.azurecr.io/api:latest") ?? "", /is not digest-pinned/);
        assert.match(imageRefProblem("acr.azurecr.io/api@sha256:abc") ?? "", /is not digest-pinned/);
    });
});
