import { signedImagesOnly } from "../../../policy/rules/azure/signed-images-only";
import { stackRuleTable, type TestResource } from "../../support/policy";

const object = (type: string, name: string, props: Record<string, any> = {}, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });
const CLUSTER_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";
const DEFINITION_ID = "/subscriptions/s/providers/Microsoft.Authorization/policyDefinitions/signed-images-only";
const TEMPLATE = 'rego: verdict := external_data({"provider": "ratify-provider", "keys": images})';
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
// What a preview gives for a value unknown until apply (the policy SDK's sentinel).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const UNKNOWN = (require("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

/** prod's shape: the definition and its Deny assignment on the cluster, Ratify trusting the registry's signatures from Key Vault. */
function stack(): TestResource[] {
    return [
        object("azure-native:containerservice:ManagedCluster", "aks-cluster", { id: CLUSTER_ID }),
        object("azure-native:containerregistry:Registry", "registry-registry", { loginServer: "prodacr.azurecr.io" }),
        object("azure-native:authorization:PolicyDefinition", "image-verification-definition", {
            id: DEFINITION_ID,
            mode: "Microsoft.Kubernetes.Data",
            policyRule: { then: { details: { templateInfo: { sourceType: "Base64Encoded", content: base64(TEMPLATE) } } } },
        }),
        object(
            "azure-native:authorization:PolicyAssignment",
            "image-verification-assignment",
            { scope: CLUSTER_ID, policyDefinitionId: DEFINITION_ID, enforcementMode: "Default", parameters: { effect: { value: "Deny" }, namespaces: { value: ["apps", "data"] } } },
            ["image-verification-definition", "aks-cluster"],
        ),
        object("kubernetes:helm.sh/v3:Release", "image-verification-ratify", {
            chart: "ratify",
            values: { azurekeyvault: { enabled: true }, notation: { trustPolicies: [{ registryScopes: ["prodacr.azurecr.io"], trustStores: ["ca:azurekeyvault"] }] } },
        }),
        object("kubernetes:apps/v1:Deployment", "app-api-deployment", { metadata: { name: "api", namespace: "apps" }, spec: { template: { spec: { containers: [{ name: "api", image: "prodacr.azurecr.io/api@sha256:1" }] } } } }),
        // System namespaces are not the stack's to cover.
        object("kubernetes:apps/v1:DaemonSet", "agent", { metadata: { name: "agent", namespace: "kube-system" }, spec: { template: { spec: { containers: [{ name: "a", image: "mcr.microsoft.com/a@sha256:2" }] } } } }),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;
const drop = (s: TestResource[], name: string) => s.splice(s.indexOf(named(s, name)), 1);

stackRuleTable(signedImagesOnly, {
    good: stack,
    config: { effect: "Deny" },
    compliant: [
        ["an assignment over every namespace (an empty list)", (s) => (named(s, "image-verification-assignment").props.parameters.namespaces.value = [])],
        [
            "a first deploy: the ids unknown until apply, the assignment depending on the cluster and the definition",
            (s) => {
                named(s, "image-verification-assignment").props.policyDefinitionId = UNKNOWN;
                named(s, "image-verification-assignment").props.scope = UNKNOWN;
                named(s, "registry-registry").props.loginServer = UNKNOWN;
                named(s, "image-verification-ratify").props.values.notation.trustPolicies[0].registryScopes = [UNKNOWN];
            },
        ],
    ],
    bad: [
        [
            "no assignment on the cluster (verification installed, never enforced)",
            (s) => drop(s, "image-verification-assignment"),
            'azure-native:containerservice:ManagedCluster "aks-cluster": policy assignments is no assignment on the cluster of image-verification-definition; expected an Azure Policy assignment on the cluster of a Microsoft.Kubernetes.Data definition whose constraint sends every image to ratify-provider, effect Deny',
        ],
        [
            "a first deploy whose assignment does not depend on the verifying definition (it assigns another one)",
            (s) => {
                const assignment = named(s, "image-verification-assignment");
                assignment.props.policyDefinitionId = UNKNOWN;
                assignment.dependsOn = ["aks-cluster"];
            },
            "policy assignments is no assignment on the cluster of image-verification-definition",
        ],
        [
            "a definition whose constraint never asks Ratify",
            (s) => (named(s, "image-verification-definition").props.policyRule.then.details.templateInfo.content = base64("rego: violation[x] { false }")),
            "policy assignments is no policy definition whose constraint asks Ratify (external_data provider ratify-provider)",
        ],
        ["the assignment only auditing where Deny is required", (s) => (named(s, "image-verification-assignment").props.parameters.effect.value = "Audit"), 'parameters.effect.value is "Audit"; expected "Deny"'],
        ["the assignment not enforced", (s) => (named(s, "image-verification-assignment").props.enforcementMode = "DoNotEnforce"), 'enforcementMode is "DoNotEnforce"; expected "Default"'],
        [
            "a namespace the stack runs pods in left out",
            (s) => (named(s, "image-verification-assignment").props.parameters.namespaces.value = ["data"]),
            'parameters.namespaces.value is ["data"]; expected every namespace the stack runs pods in, including apps',
        ],
        ["no Ratify to answer the constraint", (s) => drop(s, "image-verification-ratify"), "Helm releases is no Ratify release"],
        [
            "Ratify trusting signatures for another registry",
            (s) => (named(s, "image-verification-ratify").props.values.notation.trustPolicies[0].registryScopes = ["*"]),
            'values.notation.trustPolicies[].registryScopes is ["*"]; expected a trust policy scoped to the stack\'s registry prodacr.azurecr.io',
        ],
        [
            "Ratify not reading the certificate in Key Vault",
            (s) => (named(s, "image-verification-ratify").props.values.azurekeyvault.enabled = false),
            'values.azurekeyvault / trustStores is signatures not checked against the Key Vault certificate; expected azurekeyvault.enabled true and a trust store "ca:azurekeyvault"',
        ],
    ],
});
