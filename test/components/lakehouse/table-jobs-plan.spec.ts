import * as assert from "node:assert/strict";
import fc from "fast-check";
import { planTableJobs, planTableJobsAccess, syncJobName, TABLE_TOOLS, TABLES_DIR, type TableJobsSpec } from "../../../components/lakehouse/table-jobs-plan";

const spec = (overrides: Partial<TableJobsSpec> = {}): TableJobsSpec => ({
    name: "lake-tables",
    namespace: "lakehouse",
    uid: 9999,
    classPath: "/opt/flink/usrlib/event-count-job.jar:/opt/flink/lib/*",
    jvmOptions: "--add-opens=java.base/java.util=ALL-UNNAMED",
    tables: { "bronze.events.json": '{"name":"events"}' },
    retentionDays: { bronze: 30, silver: 365 },
    orphanMinAgeHours: 72,
    schedule: "30 3 * * *",
    resources: { requests: { cpu: "250m", memory: "768Mi" }, limits: { memory: "1536Mi" } },
    catalog: { uri: "http://c:8181/catalog", managementUri: "http://c:8181/management", warehouse: "lake", egress: { name: "catalog", peer: { namespace: "lakehouse", podLabels: { a: "b" } }, ports: [{ port: 8181 }] } },
    warehouse: { kind: "adls", filesystem: "warehouse" },
    ...overrides,
});
const REFS = { serviceAccountName: "lake-tables", declarationsName: "lake-tables-declarations", catalogRevision: "rev-1" };
const values = { image: "acr.azurecr.io/flink-job:c-1@sha256:" + "0".repeat(64), storageAccount: "stlake", workloadIdentityClientId: "client" };

describe("components/lakehouse/table-jobs-plan", () => {
    it("runs TableSync once per deploy and TableMaintenance on the schedule, never overlapping, with the declarations mounted", () => {
        const plan = planTableJobs(spec(), values, REFS);
        const access = planTableJobsAccess(spec(), values);
        assert.deepEqual(plan.syncJob.spec.template.spec.containers[0].command, ["java", "-cp", spec().classPath, TABLE_TOOLS.sync]);
        assert.deepEqual(plan.maintenance.spec.jobTemplate.spec.template.spec.containers[0].command, ["java", "-cp", spec().classPath, TABLE_TOOLS.maintenance]);
        assert.equal(plan.maintenance.spec.concurrencyPolicy, "Forbid");
        assert.equal(plan.maintenance.spec.schedule, "30 3 * * *");
        assert.deepEqual(access.declarations.data, spec().tables);
        assert.equal(plan.syncJob.spec.template.spec.serviceAccountName, REFS.serviceAccountName);
        assert.equal(plan.syncJob.spec.template.spec.volumes[0].configMap?.name, REFS.declarationsName);
        const container = plan.syncJob.spec.template.spec.containers[0];
        assert.deepEqual(container.volumeMounts[0], { name: "tables", mountPath: TABLES_DIR, readOnly: true });
        const env = Object.fromEntries(container.env.map((e) => [e.name, "value" in e ? e.value : undefined]));
        assert.equal(env.RETENTION_DAYS_BRONZE, "30");
        assert.equal(env.RETENTION_DAYS_SILVER, "365");
        assert.equal(env.RETENTION_DAYS_GOLD, undefined);
        assert.equal(env.WAREHOUSE_STORAGE_ACCOUNT, "stlake");
        assert.equal(env.ICEBERG_WAREHOUSE, "lake");
        assert.equal(env.JDK_JAVA_OPTIONS, spec().jvmOptions);
        assert.equal(env.CATALOG_REVISION, "rev-1", "a new catalog revision replaces the Job: the sync runs again");
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.equal(plan.syncJob.spec.template.metadata.labels["azure.workload.identity/use"], "true");
        assert.deepEqual(access.networkPolicy.spec.ingress, []);
    });

    it("property: the sync Job's name changes exactly when the declarations change", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.json$/), fc.string(), { minKeys: 1, maxKeys: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.json$/), fc.string(), { minKeys: 1, maxKeys: 3 }), (a, b) => {
                const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
                assert.equal(syncJobName(spec({ tables: a })) === syncJobName(spec({ tables: b })), same);
                assert.match(syncJobName(spec({ tables: a })), /^lake-tables-sync-[0-9a-f]{10}$/);
            }),
        );
    });

    it("refuses no tables, a bad schedule, a short orphan age and a bad retention, all at once", () => {
        assert.throws(
            () => planTableJobs(spec({ tables: {}, schedule: "daily", orphanMinAgeHours: 1, retentionDays: { bronze: 0 } }), values, REFS),
            (e: Error) =>
                ["tables is empty", 'schedule "daily": expected a five-field cron expression', "orphanMinAgeHours 1: expected 24 or more", "retentionDays.bronze 0: expected whole days"].every((m) =>
                    e.message.includes(m),
                ),
        );
    });
});
