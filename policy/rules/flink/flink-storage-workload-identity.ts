import { at, record } from "../../lib/kubernetes";
import { resourceRule, show, type Violation } from "../../lib/rule";

/** An ADLS Gen2 location: abfs(s)://<container>@<account>.dfs.core.windows.net/... */
const ABFS_HOST = /^abfss?:\/\/[^@/]+@([^/]+)/;
const WORKLOAD_IDENTITY_LABEL = "azure.workload.identity/use";
const WORKLOAD_IDENTITY_PROVIDER = /(^|\.)WorkloadIdentityTokenProvider$/;

/**
 * Flink reaches its storage accounts as the job's workload identity: for every ADLS account its
 * configuration names, OAuth with hadoop-azure's WorkloadIdentityTokenProvider (client id, tenant,
 * token file set), pods labelled for workload identity, and no account key in the configuration or
 * smuggled in through FLINK_PROPERTIES.
 */
export const flinkStorageWorkloadIdentity = resourceRule(
    {
        name: "flink-storage-workload-identity",
        description: "FlinkDeployments authenticate to every abfs(s):// account they use with workload identity (OAuth, WorkloadIdentityTokenProvider) and carry no storage account key.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use FlinkJob (components/kubernetes/flink-job.ts) with the job image's azure-fs-workload-identity plugin: it sets fs.azure.account.auth.type.<host> OAuth and the plugin's token provider for the checkpoint account.",
    },
    ["kubernetes:flink.apache.org/v1beta1:FlinkDeployment"],
    (props) => {
        const conf = record(at(props, ["spec", "flinkConfiguration"])) ?? {};
        const hosts = [...new Set(Object.values(conf).flatMap((value) => (typeof value === "string" ? [ABFS_HOST.exec(value)?.[1]] : [])).filter((h): h is string => !!h))];
        if (hosts.length === 0) {
            return { notApplicable: "skipped: the configuration names no abfs(s):// location" };
        }
        const found: Violation[] = [];
        const field = (key: string) => `spec.flinkConfiguration["${key}"]`;
        for (const key of Object.keys(conf).filter((k) => k.startsWith("fs.azure.account.key"))) {
            found.push({ field: field(key), actual: "set (value hidden)", expected: "no account key", fix: "remove it; grant the job's workload identity Storage Blob Data Contributor and use OAuth" });
        }
        for (const host of hosts) {
            const want: [string, (v: unknown) => boolean, string][] = [
                [`fs.azure.account.auth.type.${host}`, (v) => v === "OAuth", '"OAuth"'],
                [`fs.azure.account.oauth.provider.type.${host}`, (v) => typeof v === "string" && WORKLOAD_IDENTITY_PROVIDER.test(v), "hadoop-azure's WorkloadIdentityTokenProvider (the class the image's plugin contains)"],
                [`fs.azure.account.oauth2.client.id.${host}`, (v) => typeof v === "string" && v !== "", "the workload identity's client id"],
                [`fs.azure.account.oauth2.msi.tenant.${host}`, (v) => typeof v === "string" && v !== "", "the tenant id"],
                [`fs.azure.account.oauth2.token.file.${host}`, (v) => typeof v === "string" && v.startsWith("/"), "the projected token file (/var/run/secrets/azure/tokens/azure-identity-token)"],
            ];
            for (const [key, ok, expected] of want) {
                if (!ok(conf[key])) found.push({ field: field(key), actual: show(conf[key]), expected, fix: `authenticate to ${host} with the job's workload identity` });
            }
        }
        const label = at(props, ["spec", "podTemplate", "metadata", "labels", WORKLOAD_IDENTITY_LABEL]);
        if (label !== "true") {
            found.push({ field: `spec.podTemplate.metadata.labels["${WORKLOAD_IDENTITY_LABEL}"]`, actual: show(label), expected: '"true"', fix: "label the pod template so AKS projects the identity's token" });
        }
        const containers = at(props, ["spec", "podTemplate", "spec", "containers"]);
        for (const [i, container] of (Array.isArray(containers) ? containers : []).entries()) {
            const env = at(container, ["env"]);
            for (const [j, variable] of (Array.isArray(env) ? env : []).entries()) {
                const value = at(variable, ["value"]);
                if (at(variable, ["name"]) === "FLINK_PROPERTIES" && typeof value === "string" && value.includes("fs.azure.account.key")) {
                    found.push({ field: `spec.podTemplate.spec.containers[${i}].env[${j}] (FLINK_PROPERTIES)`, actual: "a value that sets fs.azure.account.key (hidden)", expected: "no account key", fix: "remove it; use the job's workload identity" });
                }
            }
        }
        return found;
    },
);
