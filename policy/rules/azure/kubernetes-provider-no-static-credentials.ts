import { resourceRule, show } from "../../lib/rule";

/** Markers of credentials that never expire or bypass Entra ID in a kubeconfig. */
const STATIC = [
    { marker: /client-key-data\s*:/, what: "a client certificate key (admin credentials)" },
    { marker: /^\s*token\s*:/m, what: "a static bearer token" },
    { marker: /^\s*password\s*:/m, what: "a password" },
    { marker: /clusterAdmin/, what: "the clusterAdmin user (listClusterAdminCredential)" },
];

/**
 * The Kubernetes provider authenticates with Entra ID (kubelogin exec), never with the admin
 * credentials `listClusterAdminCredential` returns (policies cannot see invokes; this is what they leave).
 */
export const kubernetesProviderNoStaticCredentials = resourceRule(
    {
        name: "kubernetes-provider-no-static-credentials",
        description: "Kubernetes providers use an exec (kubelogin) kubeconfig: no client keys, static tokens, passwords or admin users.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Build the kubeconfig from listClusterUserCredential (exec format) and kubelogin (kubeloginKubeconfig in components/azure/kubeconfig.ts); never call listClusterAdminCredential.",
    },
    ["pulumi:providers:kubernetes"],
    (props) => {
        const kubeconfig = typeof props.kubeconfig === "string" ? props.kubeconfig : show(props.kubeconfig ?? "");
        return STATIC.filter((s) => s.marker.test(kubeconfig)).map((s) => ({ field: "kubeconfig", actual: `contains ${s.what}`, expected: "an exec (kubelogin) user only", fix: "use the user kubeconfig in exec format with kubelogin" }));
    },
);
