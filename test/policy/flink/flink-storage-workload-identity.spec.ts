import { flinkStorageWorkloadIdentity } from "../../../policy/rules/flink/flink-storage-workload-identity";
import { resourceRuleTable } from "../../support/policy";
import { flinkDeployment } from "../fixtures";

const HOST = "streamingplprodchk586f45.dfs.core.windows.net";
const conf = (r: { props: Record<string, any> }) => r.props.spec.flinkConfiguration;

resourceRuleTable(flinkStorageWorkloadIdentity, {
    good: flinkDeployment,
    bad: [
        ["an account key", (r) => (conf(r)[`fs.azure.account.key.${HOST}`] = "c2VjcmV0"), `spec.flinkConfiguration["fs.azure.account.key.${HOST}"] is set (value hidden); expected no account key`],
        ["stock Flink's relocated provider name", (r) => (conf(r)[`fs.azure.account.oauth.provider.type.${HOST}`] = "org.apache.flink.fs.shaded.hadoop3.org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider"), "expected hadoop-azure's WorkloadIdentityTokenProvider"],
        ["shared key auth", (r) => (conf(r)[`fs.azure.account.auth.type.${HOST}`] = "SharedKey"), `spec.flinkConfiguration["fs.azure.account.auth.type.${HOST}"] is "SharedKey"; expected "OAuth"`],
        ["a second account without OAuth", (r) => (conf(r)["state.savepoints.dir"] = "abfss://sp@otheraccount.dfs.core.windows.net/sp"), '.otheraccount.dfs.core.windows.net"] is missing', 5],
        ["no workload identity label", (r) => (r.props.spec.podTemplate.metadata.labels = {}), 'spec.podTemplate.metadata.labels["azure.workload.identity/use"] is missing; expected "true"'],
        ["a key through FLINK_PROPERTIES", (r) => r.props.spec.podTemplate.spec.containers[0].env.push({ name: "FLINK_PROPERTIES", value: `fs.azure.account.key.${HOST}: $(AZURE_STORAGE_KEY)` }), "(FLINK_PROPERTIES) is a value that sets fs.azure.account.key (hidden); expected no account key"],
    ],
    notApplicable: [["no abfs location", { ...flinkDeployment(), props: { spec: { flinkConfiguration: { "state.checkpoints.dir": "s3://bucket/cp" } } } }]],
});
