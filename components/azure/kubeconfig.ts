/**
 * Turns the cluster's user kubeconfig (as `listClusterUserCredential` returns it in exec format)
 * into one whose users fetch Entra ID tokens with kubelogin in the chosen login mode, the same
 * rewrite as `kubelogin convert-kubeconfig -l <mode>`. Admin credentials are never involved: with
 * local accounts disabled they do not exist ("Getting static credential is not allowed").
 */
import { parse, stringify } from "yaml";

/** kubelogin login modes the platform supports, and where each takes its credentials from. */
export const KUBELOGIN_LOGIN_MODES = {
    /** The signed-in Azure CLI (a person, or a runner after `az login`). */
    azurecli: "the Azure CLI's signed-in account",
    /** A federated token (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE): CI with OIDC. */
    workloadidentity: "a federated token from AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE",
    /** A service principal (AAD_SERVICE_PRINCIPAL_CLIENT_ID and AAD_SERVICE_PRINCIPAL_CLIENT_SECRET). */
    spn: "a service principal from AAD_SERVICE_PRINCIPAL_CLIENT_ID and AAD_SERVICE_PRINCIPAL_CLIENT_SECRET",
    /** The managed identity of the machine that runs Pulumi (a self-hosted runner in Azure). */
    msi: "the managed identity of the machine",
} as const;

export type KubeloginMode = keyof typeof KUBELOGIN_LOGIN_MODES;
export const KUBELOGIN_MODES = Object.keys(KUBELOGIN_LOGIN_MODES) as [KubeloginMode, ...KubeloginMode[]];

/** The Entra ID application of the AKS API server (the same in every tenant). */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";
/** Modes that name the tenant (and cloud) on the command line rather than from their environment. */
const MODES_WITH_TENANT: readonly KubeloginMode[] = ["spn", "workloadidentity"];

/** The kubelogin arguments for `mode`, keeping the server id, tenant and cloud of the original. */
export function kubeloginArgs(mode: KubeloginMode, original: readonly string[] = []): string[] {
    const flag = (name: string) => {
        const at = original.indexOf(name);
        return at >= 0 && at + 1 < original.length ? original[at + 1] : undefined;
    };
    const args = ["get-token", "--login", mode, "--server-id", flag("--server-id") ?? AKS_SERVER_APP_ID];
    if (MODES_WITH_TENANT.includes(mode)) {
        for (const name of ["--environment", "--tenant-id"]) {
            const value = flag(name);
            if (value !== undefined) {
                args.push(name, value);
            }
        }
    }
    return args;
}

/**
 * Rewrites every user of `kubeconfigYaml` to an exec entry running kubelogin in `mode`. Throws when
 * the kubeconfig holds static credentials (a token, client certificate or password), which would
 * mean admin or local-account credentials slipped in.
 */
export function kubeloginKubeconfig(kubeconfigYaml: string, mode: KubeloginMode): string {
    const config = parse(kubeconfigYaml) as { users?: { name: string; user?: Record<string, any> }[] } | null;
    const users = config?.users ?? [];
    if (users.length === 0) {
        throw new Error("the cluster's kubeconfig has no users; expected the clusterUser entry of listClusterUserCredential");
    }
    for (const entry of users) {
        const user = entry.user ?? {};
        const staticKeys = ["token", "client-certificate-data", "client-key-data", "password"].filter((k) => k in user);
        if (staticKeys.length > 0) {
            throw new Error(`kubeconfig user "${entry.name}" carries static credentials (${staticKeys.join(", ")}); only Entra ID (kubelogin) users are accepted`);
        }
        const original: string[] = Array.isArray(user.exec?.args) ? user.exec.args.map(String) : [];
        entry.user = {
            exec: {
                apiVersion: EXEC_API_VERSION,
                command: "kubelogin",
                args: kubeloginArgs(mode, original),
                env: null,
                installHint: "kubelogin is required: https://azure.github.io/kubelogin/install.html",
                interactiveMode: "IfAvailable",
                provideClusterInfo: false,
            },
        };
    }
    return stringify(config);
}
