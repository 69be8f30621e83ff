import * as assert from "node:assert/strict";
import fc from "fast-check";
import { catalogUri, LAKEKEEPER, planRestCatalog, type RestCatalogSpec } from "../../../components/lakehouse/catalog-plan";
import { THIRD_PARTY_IMAGES, upstreamRef } from "../../../components/build/third-party-images";

const spec = (overrides: Partial<RestCatalogSpec> = {}): RestCatalogSpec => ({
    name: "lakekeeper",
    namespace: "lakehouse",
    replicas: 2,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    zoneSpread: true,
    callers: [{ namespace: "flink", podLabels: { app: "event-count" } }],
    database: { port: 5432, name: "lakekeeper", user: "lakekeeper", tls: true, egress: { name: "db", peer: { cidr: "10.40.16.0/24" }, ports: [{ port: 5432 }] } },
    warehouse: { kind: "adls" },
    metricsScraper: { namespace: "kube-system", podLabels: { rsName: "ama-metrics" } },
    ...overrides,
});
const values = { image: upstreamRef(THIRD_PARTY_IMAGES.lakekeeper), checksum: "abc", workloadIdentityClientId: "client", databaseHost: "pg.postgres.database.azure.com" };

describe("components/lakehouse/catalog-plan", () => {
    it("runs migrations before the server, in restricted pods with probes on /health, as its workload identity", () => {
        const plan = planRestCatalog(spec(), values);
        const pod = plan.deployment.spec.template.spec;
        assert.deepEqual(pod.initContainers.map((c) => c.args), [["migrate"]]);
        assert.deepEqual(pod.containers[0].args, ["serve"]);
        for (const probe of [pod.containers[0].startupProbe, pod.containers[0].livenessProbe, pod.containers[0].readinessProbe]) {
            assert.deepEqual(probe.httpGet, { path: "/health", port: "http" });
        }
        for (const c of [...pod.initContainers, ...pod.containers]) {
            assert.equal(c.securityContext.readOnlyRootFilesystem, true);
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
            assert.equal(c.securityContext.runAsUser, LAKEKEEPER.uid);
        }
        assert.equal(plan.serviceAccount.metadata.annotations["azure.workload.identity/client-id"], "client");
        assert.equal(plan.deployment.spec.template.metadata.labels["azure.workload.identity/use"], "true");
        assert.equal(plan.configMap.data.LAKEKEEPER__ENABLE_AZURE_SYSTEM_CREDENTIALS, "true");
        assert.equal(plan.configMap.data.LAKEKEEPER__PG_HOST_W, "pg.postgres.database.azure.com");
        assert.equal(plan.configMap.data.LAKEKEEPER__PG_SSL_MODE, "require");
        assert.equal(catalogUri("lakekeeper", "lakehouse"), "http://lakekeeper.lakehouse.svc.cluster.local:8181/catalog");
    });

    it("admits only its callers (and the scraper on metrics), and calls only DNS, the database and HTTPS", () => {
        const policy = planRestCatalog(spec(), values).networkPolicy.spec;
        assert.deepEqual(policy.ingress.map((r) => r.ports), [[{ port: "http", protocol: "TCP" }], [{ port: "metrics", protocol: "TCP" }]]);
        assert.deepEqual(policy.ingress[0].from[0].namespaceSelector, { matchLabels: { "kubernetes.io/metadata.name": "flink" } });
        assert.deepEqual(policy.egress.map((r) => r.ports.map((p) => p.port)), [[53, 53], [5432], [443]]);
    });

    it("property: a PDB exactly when there is more than one replica, never letting the last one go", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 10 }), (replicas) => {
                const plan = planRestCatalog(spec({ replicas }), values);
                assert.equal(plan.pdb === undefined, replicas === 1);
                if (plan.pdb) assert.equal(plan.pdb.spec.minAvailable, replicas - 1);
                assert.deepEqual(plan.deployment.spec.strategy.rollingUpdate, { maxUnavailable: 0, maxSurge: 1 });
            }),
        );
    });

    it("refuses a spec with no callers or no replicas, naming both", () => {
        assert.throws(() => planRestCatalog(spec({ replicas: 0, callers: [] }), values), /replicas 0: expected a whole number, 1 or more\n  - callers is empty/);
    });
});
