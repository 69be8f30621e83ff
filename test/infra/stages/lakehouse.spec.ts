import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { catalogUri } from "../../../components/lakehouse/catalog-plan";
import { readLakeTables } from "../../../infra/lake-tables";
import { LAKEHOUSE, NAMESPACES } from "../../../infra/workloads";
import { plannedStack, REPO_ROOT, runPlanCli } from "../../support/harness";

type Resource = { type: string; name: string; urn: string; inputs: any; dependencies: string[]; protect: boolean };
type Stack = "local" | "dev" | "prod";
const resources = (stack: Stack): Resource[] => plannedStack(stack).plan.resources;
const one = (stack: Stack, type: string, name?: string) => {
    const found = resources(stack).filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(found.length, 1, `${type} ${name ?? ""}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
};

describe("infra/stages/lakehouse (whole program)", function () {
    this.timeout(180_000);

    for (const stack of ["local", "dev", "prod"] as const) {
        it(`${stack}: the Flink job writes through the catalog, after the tables' sync, and the catalog admits it`, () => {
            const sync = one(stack, "kubernetes:batch/v1:Job", "lake-tables-sync");
            const job = one(stack, "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
            const env = Object.fromEntries(job.inputs.spec.podTemplate.spec.containers[0].env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]));
            assert.equal(env.ICEBERG_CATALOG_URI, catalogUri(LAKEHOUSE.catalog, NAMESPACES.lakehouse.name));
            assert.equal(env.ICEBERG_WAREHOUSE, LAKEHOUSE.warehouse);
            assert.equal(env.BRONZE_TABLE, LAKEHOUSE.bronzeTable);
            assert.equal(env.LAKE_TABLES_REVISION, sync.inputs.metadata.name, "the job restarts with each change of the tables");
            assert.ok(job.dependencies.includes(sync.urn), "the job starts after the sync");
            const catalog = one(stack, "kubernetes:apps/v1:Deployment", "catalog-deployment");
            assert.ok(sync.dependencies.includes(catalog.urn), "the sync waits for the catalog's rollout");
            const syncEnv = Object.fromEntries(sync.inputs.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
            assert.equal(syncEnv.CATALOG_REVISION, catalog.inputs.spec.template.metadata.annotations["checksum/config"], "through the catalog's revision, a data link");
            const policy = one(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "catalog-network-policy").inputs.spec;
            const callers = policy.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]).sort();
            assert.deepEqual(callers, ["apps", "flink", "lakehouse"], "the Flink jobs, the table jobs and the smoke test");
            const smoke = resources(stack).find((r) => r.type === "kubernetes:batch/v1:Job" && r.name === "smoke-test-job")!;
            assert.match(JSON.stringify(smoke.inputs), /lakekeeper\.lakehouse\.svc\.cluster\.local:8181\/health/, "the smoke test asks the catalog");
            const flinkPolicy = resources(stack).find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name.startsWith("flink-event-count"))!;
            assert.ok(flinkPolicy.inputs.spec.egress.some((rule: any) => rule.ports?.some((p: any) => p.port === 8181)), "the job may call the catalog");
            const declarations = one(stack, "kubernetes:core/v1:ConfigMap", "lake-tables-declarations").inputs.data;
            assert.deepEqual(declarations, readLakeTables(REPO_ROOT).files, "the sync gets the files the program checked");
            assert.deepEqual(plannedStack(stack).plan.outputs.lakeTables, readLakeTables(REPO_ROOT).tables);
        });
    }

    it("prod: a catalog that survives a zone (2 replicas, PDB, zone-redundant database) and keeps a year of silver", () => {
        assert.equal(one("prod", "kubernetes:apps/v1:Deployment", "catalog-deployment").inputs.spec.replicas, 2);
        one("prod", "kubernetes:policy/v1:PodDisruptionBudget", "catalog-pdb");
        const server = one("prod", "azure-native:dbforpostgresql:Server");
        assert.equal(server.inputs.highAvailability.mode, "ZoneRedundant");
        assert.equal(server.protect, true);
        const maintenance = one("prod", "kubernetes:batch/v1:CronJob", "lake-tables-maintenance").inputs.spec.jobTemplate.spec.template.spec.containers[0];
        const env = Object.fromEntries(maintenance.env.map((e: any) => [e.name, e.value]));
        assert.equal(env.RETENTION_DAYS_BRONZE, "30");
        assert.equal(env.RETENTION_DAYS_SILVER, "365");
        assert.match(env.JDK_JAVA_OPTIONS, /--add-opens=java.base\/java.util=ALL-UNNAMED/);
    });

    it("a preview refuses an incompatible change against the declarations the stack last deployed, naming table and column; a compatible one passes", () => {
        const deployed = JSON.parse(JSON.stringify(readLakeTables(REPO_ROOT).tables));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployed-"));
        const write = (name: string, tables: unknown) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify({ lakeTables: tables }));
            return file;
        };
        // As deployed, kafka_offset was a string: today's long is not a promotion of it.
        const bronze = deployed.find((t: any) => t.name === "events");
        bronze.columns.find((c: any) => c.name === "kafka_offset").type = "string";
        const refused = runPlanCli(["--stack", "dev", "--no-policy", "--quiet", "--deployed", write("refused.json", deployed)]);
        assert.equal(refused.code, 2, refused.stdout + refused.stderr); // the program failed, like a preview
        assert.match(refused.stdout + refused.stderr, /bronze\.events: column kafka_offset changes type from string to long/);
        // As deployed, it was an int: int -> long is a promotion.
        bronze.columns.find((c: any) => c.name === "kafka_offset").type = "int";
        const widened = runPlanCli(["--stack", "dev", "--no-policy", "--quiet", "--deployed", write("widened.json", deployed)]);
        assert.equal(widened.code, 0, widened.stdout + widened.stderr);
    });
});
