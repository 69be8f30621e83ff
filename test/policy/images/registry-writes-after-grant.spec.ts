import { registryWritesAfterGrant } from "../../../policy/rules/images/registry-writes-after-grant";
import { stackRuleTable, type TestResource } from "../../support/policy";
import { image, registry } from "../fixtures";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/streaming-platform-prod-rg";
const REGISTRY_ID = `${RG}/providers/Microsoft.ContainerRegistry/registries/streamingplatformprodacr586f45`;
const role = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const ACR_PUSH = role("8311e382-0749-4cb8-b61a-304f252e45ec");
const ACR_PULL = role("7f951dda-4ed3-4680-a7ca-43fe172d538d");
const DIGEST = `sha256:${"ab".repeat(32)}`;

/** A registry, the deployer's AcrPush on it, a build that pushes and a promotion import, both waiting for the grant. */
function stack(): TestResource[] {
    return [
        { ...registry(), props: { ...registry().props, id: REGISTRY_ID } },
        { type: "azure-native:authorization:RoleAssignment", name: "registry-deployer-acr-push", props: { scope: REGISTRY_ID, roleDefinitionId: ACR_PUSH, principalId: "deployer" }, dependsOn: ["registry-registry"] },
        { ...image(), dependsOn: ["registry-deployer-acr-push"] },
        {
            type: "command:local:Command",
            name: "image-worker-import",
            props: { create: `az acr import --name 'streamingplatformprodacr586f45' --registry '/subscriptions/x/registries/dev' --source 'worker@${DIGEST}' --image 'worker:c-1' --force --only-show-errors` },
            dependsOn: ["registry-deployer-acr-push"],
        },
        // A command that writes to no registry of this stack: nothing to judge.
        { type: "command:local:Command", name: "something-else", props: { create: "echo hello" } },
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;

stackRuleTable(registryWritesAfterGrant, {
    good: stack,
    compliant: [
        ["the grant on the registry's resource group", (s) => (named(s, "registry-deployer-acr-push").props.scope = RG)],
        ["a build that does not push", (s) => ((named(s, "image-api-image").props.push = false), (named(s, "image-api-image").dependsOn = []))],
        ["waiting for the grant through another resource", (s) => {
            s.push({ type: "test:index:Step", name: "between", props: {}, dependsOn: ["registry-deployer-acr-push"] });
            named(s, "image-worker-import").dependsOn = ["between"];
        }],
    ],
    bad: [
        ["a push that does not wait for the grant", (s) => (named(s, "image-api-image").dependsOn = []), 'docker-build:index:Image "image-api-image": registries[0] (a write to registry-registry) is no wait for registry-deployer-acr-push; expected a dependency on a grant of AcrPush, Owner, Contributor covering registry-registry'],
        ["an import that does not wait for the grant", (s) => (named(s, "image-worker-import").dependsOn = []), 'command:local:Command "image-worker-import": create (a write to registry-registry) is no wait for registry-deployer-acr-push'],
        ["a grant that cannot push (AcrPull)", (s) => (named(s, "registry-deployer-acr-push").props.roleDefinitionId = ACR_PULL), "is no grant in the stack lets the deployer write to it", 2],
        ["a grant on another registry", (s) => (named(s, "registry-deployer-acr-push").props.scope = `${RG}/providers/Microsoft.ContainerRegistry/registries/other`), "is no grant in the stack lets the deployer write to it", 2],
    ],
});
