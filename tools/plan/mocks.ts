/**
 * Stand-ins for what only Azure (or a cluster) could answer: computed outputs such as ARM ids,
 * workspace GUIDs and names. Every value is plausible enough for downstream code to render, clearly
 * fake (the all-zero subscription, GUIDs starting 00000000-), and deterministic, so two plans of
 * the same program compare equal.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { offlineDigest, siblingStackOutputs } from "./sibling-stack";

/** The subscription every fake ARM id lives in. */
export const FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** What the offline plan stands in for, printed in its header and written to plan.json. */
export const STAND_INS: readonly string[] = [
    `Azure: ARM ids (subscription ${FAKE_SUBSCRIPTION}), resource names, GUIDs (00000000-...) and other computed outputs`,
    "Azure functions: getClientConfig (a fake deployer in that subscription), getClientToken (a fake token, for ARM and for Grafana's API, new on each run) and listClusterUserCredential (a kubelogin kubeconfig for a fake server); no other function has a stand-in",
    "Generated values: random passwords are fixed placeholders",
    "Kafka: Strimzi's status of the Kafka resource (listener addresses under .invalid, a placeholder CA certificate); getTopics answers with an empty cluster (no topics yet), so no partition count can shrink",
    "Registry login: the token exchange at <registry>.azurecr.io/oauth2/exchange answers with a fake token, new on each run; no other HTTP request is allowed",
    "Docker: no image is built or pushed; each image's digest is derived from its content-hash tag",
    "Commands (run by the deployer with the Azure CLI, Notation and Trivy): none runs; the signing certificate's key id and an unpinned third-party image's imported digest are derived from their command, everything else a command prints is empty",
    "Key Vault: each secret's version is derived from its value (a new value, a new version)",
    "Pulumi engine: the SDK's mock monitor receives the registrations; nothing is sent to a backend",
    "Stack references: the stack's reference to its own last outputs answers with none (a stack never deployed), or with the file given with --deployed; a reference to another stack of the project (prod promoting dev's images) answers with what that stack would export for this checkout: image refs with this checkout's content tags and offline digests, a placeholder registry",
    "Policy: the pack's real analyzer server, driven over gRPC as the Pulumi CLI drives it",
    "Local cluster (local stacks): a kubeconfig whose context is the stack's kubeContext, its server https://local-cluster.offline.invalid:6443, whose /version answers; nothing is dialed",
];

/** The API server of the local cluster's stand-in kubeconfig. */
export const FAKE_LOCAL_SERVER = "https://local-cluster.offline.invalid:6443";

/**
 * Writes a kubeconfig with `context` pointing at FAKE_LOCAL_SERVER and returns its path (what a
 * local stack's context check reads through KUBECONFIG).
 */
export function writeFakeKubeconfig(dir: string, context: string): string {
    const file = path.join(dir, "offline-kubeconfig.yaml");
    fs.mkdirSync(dir, { recursive: true });
    // Written aside and renamed: a plan running at the same time reads the old file or the new, never half of one.
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(
        partial,
        [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: offline-local",
            "  cluster:",
            `    server: ${FAKE_LOCAL_SERVER}`,
            "contexts:",
            `- name: ${JSON.stringify(context)}`,
            "  context:",
            "    cluster: offline-local",
            "    user: offline-local",
            `current-context: ${JSON.stringify(context)}`,
            "users:",
            "- name: offline-local",
            "  user: {}",
            "",
        ].join("\n"),
    );
    fs.renameSync(partial, file);
    return file;
}

interface StackIdentity {
    readonly project: string;
    readonly stack: string;
    /** This stack's outputs as last deployed (none: a first deploy). */
    readonly deployedOutputs?: Record<string, unknown>;
}

/** How the offline plan names and addresses one Azure resource type. */
interface ArmShape {
    /** The input holding the Azure name; absent: the Pulumi name (or a GUID for role assignments). */
    readonly nameKey?: string;
    /** The ARM id for `name`: under the resource group unless `scoped` says otherwise. */
    readonly path: (name: string, inputs: Record<string, any>) => string;
    /** The id hangs off another resource (`scope`/`resourceUri` input), not off the resource group. */
    readonly scoped?: boolean;
}

const under = (parentPath: (inputs: Record<string, any>) => string, child: string) => (name: string, inputs: Record<string, any>) =>
    `${parentPath(inputs)}/${child}/${name}`;
const cluster = (i: Record<string, any>) => `Microsoft.ContainerService/managedClusters/${i.resourceName}`;
const account = (i: Record<string, any>) => `Microsoft.Storage/storageAccounts/${i.accountName}`;

/** The Azure types the program creates. Others get a generic path under the resource group. */
const ARM_SHAPES: Record<string, ArmShape> = {
    "azure-native:operationalinsights:Workspace": { nameKey: "workspaceName", path: (n) => `Microsoft.OperationalInsights/workspaces/${n}` },
    "azure-native:network:VirtualNetwork": { nameKey: "virtualNetworkName", path: (n) => `Microsoft.Network/virtualNetworks/${n}` },
    "azure-native:network:Subnet": { nameKey: "subnetName", path: under((i) => `Microsoft.Network/virtualNetworks/${i.virtualNetworkName}`, "subnets") },
    "azure-native:network:NetworkSecurityGroup": { nameKey: "networkSecurityGroupName", path: (n) => `Microsoft.Network/networkSecurityGroups/${n}` },
    "azure-native:network:PrivateEndpoint": { nameKey: "privateEndpointName", path: (n) => `Microsoft.Network/privateEndpoints/${n}` },
    "azure-native:network:PrivateDnsZoneGroup": {
        nameKey: "privateDnsZoneGroupName",
        path: under((i) => `Microsoft.Network/privateEndpoints/${i.privateEndpointName}`, "privateDnsZoneGroups"),
    },
    "azure-native:privatedns:PrivateZone": { nameKey: "privateZoneName", path: (n) => `Microsoft.Network/privateDnsZones/${n}` },
    "azure-native:privatedns:VirtualNetworkLink": {
        nameKey: "virtualNetworkLinkName",
        path: under((i) => `Microsoft.Network/privateDnsZones/${i.privateZoneName}`, "virtualNetworkLinks"),
    },
    "azure-native:containerservice:ManagedCluster": { nameKey: "resourceName", path: (n) => `Microsoft.ContainerService/managedClusters/${n}` },
    "azure-native:containerservice:AgentPool": { nameKey: "agentPoolName", path: under(cluster, "agentPools") },
    "azure-native:containerservice:MaintenanceConfiguration": { nameKey: "configName", path: under(cluster, "maintenanceConfigurations") },
    "azure-native:containerregistry:Registry": { nameKey: "registryName", path: (n) => `Microsoft.ContainerRegistry/registries/${n}` },
    "azure-native:storage:StorageAccount": { nameKey: "accountName", path: (n) => `Microsoft.Storage/storageAccounts/${n}` },
    "azure-native:storage:BlobServiceProperties": { nameKey: "blobServicesName", path: under(account, "blobServices") },
    "azure-native:storage:BlobContainer": { nameKey: "containerName", path: under((i) => `${account(i)}/blobServices/default`, "containers") },
    "azure-native:storage:ManagementPolicy": { nameKey: "managementPolicyName", path: under(account, "managementPolicies") },
    "azure-native:managedidentity:UserAssignedIdentity": { nameKey: "resourceName", path: (n) => `Microsoft.ManagedIdentity/userAssignedIdentities/${n}` },
    "azure-native:managedidentity:FederatedIdentityCredential": {
        nameKey: "federatedIdentityCredentialResourceName",
        path: under((i) => `Microsoft.ManagedIdentity/userAssignedIdentities/${i.resourceName}`, "federatedIdentityCredentials"),
    },
    "azure-native:monitor:DataCollectionRule": { nameKey: "dataCollectionRuleName", path: (n) => `Microsoft.Insights/dataCollectionRules/${n}` },
    "azure-native:monitor:DataCollectionRuleAssociation": {
        nameKey: "associationName",
        scoped: true,
        path: (n, i) => `${i.resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${n}`,
    },
    "azure-native:monitor:AzureMonitorWorkspace": { nameKey: "azureMonitorWorkspaceName", path: (n) => `Microsoft.Monitor/accounts/${n}` },
    "azure-native:monitor:DataCollectionEndpoint": { nameKey: "dataCollectionEndpointName", path: (n) => `Microsoft.Insights/dataCollectionEndpoints/${n}` },
    "azure-native:monitor:ActionGroup": { nameKey: "actionGroupName", path: (n) => `Microsoft.Insights/actionGroups/${n}` },
    "azure-native:alertsmanagement:PrometheusRuleGroup": { nameKey: "ruleGroupName", path: (n) => `Microsoft.AlertsManagement/prometheusRuleGroups/${n}` },
    "azure-native:dashboard:Grafana": { nameKey: "workspaceName", path: (n) => `Microsoft.Dashboard/grafana/${n}` },
    "azure-native:monitor:DiagnosticSetting": {
        nameKey: "name",
        scoped: true,
        path: (n, i) => `${i.resourceUri}/providers/Microsoft.Insights/diagnosticSettings/${n}`,
    },
    "azure-native:keyvault:Vault": { nameKey: "vaultName", path: (n) => `Microsoft.KeyVault/vaults/${n}` },
    "azure-native:keyvault:Secret": { nameKey: "secretName", path: under((i) => `Microsoft.KeyVault/vaults/${i.vaultName}`, "secrets") },
    "azure-native:authorization:PolicyDefinition": { nameKey: "policyDefinitionName", scoped: true, path: (n) => `/subscriptions/${FAKE_SUBSCRIPTION}/providers/Microsoft.Authorization/policyDefinitions/${n}` },
    "azure-native:authorization:PolicyAssignment": {
        nameKey: "policyAssignmentName",
        scoped: true,
        path: (n, i) => `${i.scope}/providers/Microsoft.Authorization/policyAssignments/${n}`,
    },
    "azure-native:authorization:RoleAssignment": {
        nameKey: "roleAssignmentName",
        scoped: true,
        path: (n, i) => `${i.scope}/providers/Microsoft.Authorization/roleAssignments/${n}`,
    },
};

/** The tenant of every fake identity. */
export const FAKE_TENANT = "00000000-0000-0000-0000-0000000000aa";

/** A GUID-shaped value derived from `seed`, starting with eight zeros so nobody mistakes it for real. */
export function fakeGuid(seed: string): string {
    const hex = createHash("sha256").update(seed).digest("hex");
    return `00000000-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 22)}`;
}

function armId(type: string, pulumiName: string, inputs: Record<string, any>): { id: string; azureName: string } {
    if (type === "azure-native:resources:ResourceGroup") {
        const azureName = inputs.resourceGroupName ?? pulumiName;
        return { id: `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${azureName}`, azureName };
    }
    const [, module, kind] = type.split(":");
    const shape: ArmShape = ARM_SHAPES[type] ?? { path: (n) => `Microsoft.${module}/${kind.charAt(0).toLowerCase()}${kind.slice(1)}s/${n}` };
    const explicit = shape.nameKey ? inputs[shape.nameKey] : undefined;
    const azureName = typeof explicit === "string" ? explicit : type === "azure-native:authorization:RoleAssignment" ? fakeGuid(pulumiName) : pulumiName;
    const path = shape.path(azureName, inputs);
    return { id: shape.scoped ? path : `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}/providers/${path}`, azureName };
}

/** Outputs Azure computes for the types whose outputs the program reads. */
function computedOutputs(type: string, id: string, azureName: string, inputs: Record<string, any>): Record<string, unknown> {
    switch (type) {
        case "azure-native:operationalinsights:Workspace":
            return { customerId: fakeGuid(id) };
        case "azure-native:managedidentity:UserAssignedIdentity":
            return { principalId: fakeGuid(`${id}/principal`), clientId: fakeGuid(`${id}/client`), tenantId: FAKE_TENANT };
        case "azure-native:containerregistry:Registry":
            return { loginServer: `${azureName}.azurecr.io` };
        case "azure-native:monitor:AzureMonitorWorkspace":
            return { metrics: { prometheusQueryEndpoint: `https://${azureName}-0000.${inputs.location}.prometheus.monitor.azure.com`, internalId: fakeGuid(`${id}/metrics`) } };
        case "azure-native:dashboard:Grafana":
            return {
                identity: { type: "SystemAssigned", principalId: fakeGuid(`${id}/principal`), tenantId: FAKE_TENANT },
                properties: { ...inputs.properties, endpoint: `https://${azureName}-0000.weu.grafana.azure.com` },
            };
        case "azure-native:keyvault:Vault":
            return { properties: { ...inputs.properties, vaultUri: `https://${azureName}.vault.azure.net/` } };
        case "azure-native:keyvault:Secret": {
            // A version per value, as Key Vault makes a new version for each value written.
            const uri = `https://${inputs.vaultName}.vault.azure.net/secrets/${azureName}`;
            const version = createHash("sha256").update(`${uri}\n${JSON.stringify(inputs.properties?.value ?? "")}`).digest("hex").slice(0, 32);
            return { properties: { contentType: inputs.properties?.contentType, secretUri: uri, secretUriWithVersion: `${uri}/${version}` } };
        }
        case "azure-native:storage:StorageAccount":
            return {
                primaryEndpoints: {
                    blob: `https://${azureName}.blob.core.windows.net/`,
                    dfs: `https://${azureName}.dfs.core.windows.net/`,
                },
            };
        case "azure-native:containerservice:ManagedCluster": {
            const host = `${inputs.dnsPrefix}-00000000.hcp.${inputs.location}.azmk8s.io`;
            return {
                fqdn: inputs.apiServerAccessProfile?.enablePrivateCluster ? undefined : host,
                privateFQDN: inputs.apiServerAccessProfile?.enablePrivateCluster ? `${inputs.dnsPrefix}-00000000.privatelink.${inputs.location}.azmk8s.io` : undefined,
                oidcIssuerProfile: { enabled: true, issuerURL: `https://${inputs.location}.oic.prod-aks.azure.com/${FAKE_TENANT}/${fakeGuid(`${id}/oidc`)}/` },
                identityProfile: {
                    kubeletidentity: {
                        objectId: fakeGuid(`${id}/kubelet/object`),
                        clientId: fakeGuid(`${id}/kubelet/client`),
                        resourceId: `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${inputs.nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${azureName}-agentpool`,
                    },
                },
            };
        }
        default:
            return {};
    }
}

/** The mock monitor's answer to a registration: an id and the state (inputs plus computed outputs). */
export function fakeState(
    type: string,
    name: string,
    inputs: Record<string, any>,
    stack: StackIdentity,
): { id: string; state: Record<string, unknown> } {
    if (type.startsWith("azure-native:")) {
        const { id, azureName } = armId(type, name, inputs);
        const computed = { id, name: azureName, provisioningState: "Succeeded", ...computedOutputs(type, id, azureName, inputs) };
        return { id, state: { ...inputs, ...computed } };
    }
    if (type === "pulumi:pulumi:StackReference") {
        const [, project, referenced] = String(inputs.name ?? name).split("/");
        const sibling = project === stack.project && referenced !== undefined && referenced !== stack.stack;
        const self = project === stack.project && referenced === stack.stack;
        const outputs = sibling ? siblingStackOutputs(referenced, FAKE_SUBSCRIPTION) : self ? (stack.deployedOutputs ?? {}) : {};
        return { id: String(inputs.name ?? name), state: { name: inputs.name ?? name, outputs, secretOutputNames: [] } };
    }
    if (type === "random:index/randomPassword:RandomPassword") {
        return { id: `${name}-id`, state: { ...inputs, result: `offline-plan-generated-${name}` } };
    }
    if (type === "docker-build:index:Image") {
        // The digest a push would report: derived from the content tag, so it changes exactly when the tag does.
        const tag: string = inputs.tags?.[0] ?? name;
        // `<registry>/<repository>:<tag>`: the digest does not depend on the registry, as a pushed one would not.
        const [repository, contentTag] = tag.replace(/^[^/]+\//, "").split(":");
        const digest = offlineDigest(repository, contentTag ?? "");
        return {
            id: digest,
            state: { ...inputs, digest, ref: inputs.push ? `${tag}@${digest}` : "", contextHash: createHash("sha256").update(tag).digest("hex") },
        };
    }
    if (type === "command:local:Command") {
        return { id: `${stack.stack}-${name}-id`, state: { ...inputs, stdout: commandStdout(String(inputs.create ?? "")), stderr: "" } };
    }
    if (/^kubernetes:kafka\.strimzi\.io\/[a-z0-9]+:Kafka$/.test(type)) {
        return { id: `${stack.stack}-${name}-id`, state: { ...inputs, status: strimziStatus(inputs) } };
    }
    return { id: `${stack.stack}-${name}-id`, state: { ...inputs } };
}

/**
 * What a command the program reads the output of prints: the signing certificate's key id (the
 * vault and name from the command), a mirror's imported digest (derived from the command, so it
 * changes exactly when the import does); nothing for the rest.
 */
export function commandStdout(command: string): string {
    const certificate = /az keyvault certificate show --vault-name '([^']+)' --name '([^']+)'.* --query kid/.exec(command);
    if (certificate) return `https://${certificate[1]}.vault.azure.net/keys/${certificate[2]}/${createHash("sha256").update(command).digest("hex").slice(0, 32)}\n`;
    if (command.startsWith("az acr import ") && command.includes("az acr manifest show-metadata")) return `sha256:${createHash("sha256").update(`offline:${command}`).digest("hex")}\n`;
    return "";
}

/** A placeholder PEM, clearly not a certificate anyone could trust. */
export const FAKE_CA_CERTIFICATE = `-----BEGIN CERTIFICATE-----\n${Buffer.from("offline plan: placeholder Strimzi cluster CA").toString("base64")}\n-----END CERTIFICATE-----\n`;

/** What Strimzi reports once a Kafka is ready: each listener's bootstrap address and the cluster CA. */
function strimziStatus(inputs: Record<string, any>) {
    const { name, namespace } = inputs.metadata ?? {};
    const listeners = (inputs.spec?.kafka?.listeners ?? []) as { name: string; port: number; type: string }[];
    return {
        conditions: [{ type: "Ready", status: "True" }],
        listeners: listeners.map((l) => ({
            name: l.name,
            bootstrapServers: l.type === "internal" ? `${name}-kafka-bootstrap.${namespace}.svc:${l.port}` : `${name}-kafka-${l.name}-bootstrap.offline.invalid:${l.port}`,
            certificates: [FAKE_CA_CERTIFICATE],
        })),
    };
}

/**
 * The name of this run (plan CLI --run). Stand-ins for values that differ on every real run (access
 * tokens fetched at run time) carry it, so two plans with different names show what a second real
 * run of an unchanged program would change.
 */
let runName = "1";
export function setRunName(name: string): void {
    runName = name;
}

/** The refresh token the registry-login stand-in hands out (new on every run, like the real one). */
export const fakeRegistryToken = () => `offline-plan-registry-refresh-token-of-run-${runName}`;

/**
 * Stands in for the program's HTTP calls: the registry token exchange (`POST https://<registry>.azurecr.io/oauth2/exchange`)
 * answers with a fake refresh token; any other request fails loudly instead of reaching the network.
 */
export async function fakeFetch(input: unknown, init?: { method?: string }): Promise<Response> {
    const url = String(input instanceof URL ? input.href : typeof input === "string" ? input : (input as { url?: string }).url);
    if (url === `${FAKE_LOCAL_SERVER}/version` && (init?.method ?? "GET") === "GET") {
        return new Response(JSON.stringify({ major: "1", minor: "33", gitVersion: "v1.33.0-offline-plan" }), { status: 200, headers: { "Content-Type": "application/json" } });
    }
    if (/^https:\/\/[a-z0-9]+\.azurecr\.io\/oauth2\/exchange$/.test(url) && (init?.method ?? "GET") === "POST") {
        return new Response(JSON.stringify({ refresh_token: fakeRegistryToken() }), { status: 200, headers: { "Content-Type": "application/json" } });
    }
    throw new Error(`the offline plan has no stand-in for the HTTP request ${init?.method ?? "GET"} ${url}; add one to fakeFetch in tools/plan/mocks.ts`);
}

/**
 * The user kubeconfig AKS returns in exec format (`listClusterUserCredential?format=exec`): a
 * kubelogin device-code entry, a fake server and a placeholder CA. No static credential.
 */
function fakeUserKubeconfig(resourceGroup: string, cluster: string): string {
    const user = `clusterUser_${resourceGroup}_${cluster}`;
    const ca = Buffer.from("offline plan: no certificate authority").toString("base64");
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${cluster}`,
        "  cluster:",
        `    certificate-authority-data: ${ca}`,
        `    server: https://${cluster}-00000000.hcp.offline.azmk8s.io:443`,
        "contexts:",
        `- name: ${cluster}`,
        "  context:",
        `    cluster: ${cluster}`,
        `    user: ${user}`,
        `current-context: ${cluster}`,
        "users:",
        `- name: ${user}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630,",
        `        --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${FAKE_TENANT}, --login, devicecode]`,
        "",
    ].join("\n");
}

/** Stand-ins for provider functions (invokes), by token. Admin-credential functions have none, on purpose. */
const INVOKES: Record<string, (inputs: Record<string, any>, stack: StackIdentity) => Record<string, unknown>> = {
    "azure-native:authorization:getClientConfig": () => ({
        clientId: fakeGuid("deployer/client"),
        objectId: fakeGuid("deployer/object"),
        subscriptionId: FAKE_SUBSCRIPTION,
        tenantId: FAKE_TENANT,
    }),
    "azure-native:authorization:getClientToken": () => ({ token: `offline-plan-entra-id-token-of-run-${runName}` }),
    "kafka:index:getTopics": () => ({ id: "topics", lists: [] }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => ({
        kubeconfigs: [{ name: "clusterUser", value: Buffer.from(fakeUserKubeconfig(inputs.resourceGroupName, inputs.resourceName)).toString("base64") }],
    }),
};

/**
 * The mock answer to a provider function (invoke). A function without a stand-in fails the plan
 * loudly instead of answering with something made up.
 */
export function fakeInvoke(token: string, inputs: Record<string, any>, stack: StackIdentity): Record<string, unknown> {
    const answer = INVOKES[token];
    if (!answer) {
        throw new Error(`the offline plan has no stand-in for the provider function ${token}; add one to INVOKES in tools/plan/mocks.ts`);
    }
    return answer(inputs, stack);
}
