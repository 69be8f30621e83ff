/**
 * Stand-ins for what only Azure (or a cluster) could answer: computed outputs such as ARM ids,
 * workspace GUIDs and names. Every value is plausible enough for downstream code to render, clearly
 * fake (the all-zero subscription, GUIDs starting 00000000-), and deterministic, so two plans of
 * the same program compare equal.
 */
import { createHash } from "node:crypto";

/** The subscription every fake ARM id lives in. */
export const FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** What the offline plan stands in for, printed in its header and written to plan.json. */
export const STAND_INS: readonly string[] = [
    `Azure: ARM ids (subscription ${FAKE_SUBSCRIPTION}), resource names, GUIDs (00000000-...) and other computed outputs`,
    "Pulumi engine: the SDK's mock monitor receives the registrations; nothing is sent to a backend",
    "Policy: the pack's real analyzer server, driven over gRPC as the Pulumi CLI drives it",
];

interface StackIdentity {
    readonly project: string;
    readonly stack: string;
}

/** Azure resource provider paths for the types the program creates; others get a generic path. */
const ARM_PATHS: Record<string, string> = {
    "azure-native:operationalinsights:Workspace": "Microsoft.OperationalInsights/workspaces",
};

/** A GUID-shaped value derived from `seed`, starting with eight zeros so nobody mistakes it for real. */
export function fakeGuid(seed: string): string {
    const hex = createHash("sha256").update(seed).digest("hex");
    return `00000000-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 22)}`;
}

/** The Azure name a resource will get: its explicit `<thing>Name` input, else the Pulumi name. */
function azureNameOf(type: string, name: string, inputs: Record<string, any>): string {
    const [, , kind] = type.split(":");
    const explicit = inputs[`${kind.charAt(0).toLowerCase()}${kind.slice(1)}Name`];
    return typeof explicit === "string" ? explicit : name;
}

function armId(type: string, azureName: string, inputs: Record<string, any>): string {
    if (type === "azure-native:resources:ResourceGroup") {
        return `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${azureName}`;
    }
    const [, module, kind] = type.split(":");
    const path = ARM_PATHS[type] ?? `Microsoft.${module}/${kind.charAt(0).toLowerCase()}${kind.slice(1)}s`;
    return `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}/providers/${path}/${azureName}`;
}

/** The mock monitor's answer to a registration: an id and the state (inputs plus computed outputs). */
export function fakeState(
    type: string,
    name: string,
    inputs: Record<string, any>,
    stack: StackIdentity,
): { id: string; state: Record<string, unknown> } {
    if (type.startsWith("azure-native:")) {
        const azureName = azureNameOf(type, name, inputs);
        const id = armId(type, azureName, inputs);
        const computed: Record<string, unknown> = { id, name: azureName, provisioningState: "Succeeded" };
        if (type === "azure-native:operationalinsights:Workspace") {
            computed.customerId = fakeGuid(id);
        }
        return { id, state: { ...inputs, ...computed } };
    }
    return { id: `${stack.stack}-${name}-id`, state: { ...inputs } };
}

/** Stand-ins for provider functions (invokes), by token. The program calls none yet. */
const INVOKES: Record<string, (inputs: Record<string, any>, stack: StackIdentity) => Record<string, unknown>> = {};

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
