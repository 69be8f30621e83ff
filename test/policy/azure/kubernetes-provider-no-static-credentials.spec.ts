import { kubernetesProviderNoStaticCredentials } from "../../../policy/rules/azure/kubernetes-provider-no-static-credentials";
import { resourceRuleTable } from "../../support/policy";

const EXEC = ["apiVersion: v1", "kind: Config", "users:", "- name: clusterUser_rg_aks", "  user:", "    exec:", "      command: kubelogin", "      args: [get-token, --login, azurecli]", ""].join("\n");

resourceRuleTable(kubernetesProviderNoStaticCredentials, {
    good: () => ({ type: "pulumi:providers:kubernetes", name: "aks-k8s", props: { kubeconfig: EXEC } }),
    bad: [
        ["admin credentials", (r) => (r.props.kubeconfig = EXEC.replace("clusterUser", "clusterAdmin") + "    client-key-data: AAAA\n"), "kubeconfig is contains", 2],
        ["a static token", (r) => (r.props.kubeconfig = EXEC + "    token: abc\n"), "kubeconfig is contains a static bearer token; expected an exec (kubelogin) user only"],
    ],
});
