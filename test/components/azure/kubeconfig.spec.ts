import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { AKS_SERVER_APP_ID, KUBELOGIN_LOGIN_MODES, kubeloginArgs, kubeloginKubeconfig, type KubeloginMode } from "../../../components/azure/kubeconfig";

const TENANT = "11111111-2222-3333-4444-555555555555";

/** What AKS returns for listClusterUserCredential?format=exec. */
function aksUserKubeconfig(user: Record<string, unknown>): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://c.hcp.westeurope.azmk8s.io:443", "certificate-authority-data": "Q0E=" } }],
        contexts: [{ name: "c", context: { cluster: "c", user: "clusterUser_rg_c" } }],
        "current-context": "c",
        users: [{ name: "clusterUser_rg_c", user }],
    });
}

const DEVICE_CODE_USER = {
    exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "kubelogin",
        args: ["get-token", "--environment", "AzurePublicCloud", "--server-id", AKS_SERVER_APP_ID, "--client-id", "80faf920-1908-4b52-b5ef-a8e7bedfc67a", "--tenant-id", TENANT, "--login", "devicecode"],
    },
};

describe("components/azure/kubeconfig", () => {
    it("rewrites the user to kubelogin in the chosen mode, keeping the cluster and its CA", () => {
        const converted = parse(kubeloginKubeconfig(aksUserKubeconfig(DEVICE_CODE_USER), "azurecli"));
        assert.deepEqual(converted.clusters, [{ name: "c", cluster: { server: "https://c.hcp.westeurope.azmk8s.io:443", "certificate-authority-data": "Q0E=" } }]);
        assert.deepEqual(converted.users[0].user.exec.args, ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID]);
        assert.equal(converted.users[0].user.exec.command, "kubelogin");
        assert.equal(converted.users[0].user.exec.apiVersion, "client.authentication.k8s.io/v1beta1");
    });

    it("keeps the tenant and cloud for the modes that read them from the command line", () => {
        const expected: Record<KubeloginMode, string[]> = {
            azurecli: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID],
            msi: ["get-token", "--login", "msi", "--server-id", AKS_SERVER_APP_ID],
            spn: ["get-token", "--login", "spn", "--server-id", AKS_SERVER_APP_ID, "--environment", "AzurePublicCloud", "--tenant-id", TENANT],
            workloadidentity: ["get-token", "--login", "workloadidentity", "--server-id", AKS_SERVER_APP_ID, "--environment", "AzurePublicCloud", "--tenant-id", TENANT],
        };
        for (const mode of Object.keys(KUBELOGIN_LOGIN_MODES) as KubeloginMode[]) {
            assert.deepEqual(kubeloginArgs(mode, DEVICE_CODE_USER.exec.args), expected[mode], mode);
        }
    });

    it("refuses a kubeconfig carrying static credentials (admin or local accounts)", () => {
        const admin = aksUserKubeconfig({ "client-certificate-data": "Y2VydA==", "client-key-data": "a2V5", token: "abc" });
        assert.throws(
            () => kubeloginKubeconfig(admin, "azurecli"),
            /kubeconfig user "clusterUser_rg_c" carries static credentials \(token, client-certificate-data, client-key-data\); only Entra ID \(kubelogin\) users are accepted/,
        );
    });

    it("refuses a kubeconfig without users", () => {
        assert.throws(() => kubeloginKubeconfig("apiVersion: v1\nkind: Config\n", "azurecli"), /has no users/);
    });
});
