import * as assert from "node:assert/strict";
import { ContainerRegistry, REGISTRY_PRIVATE_LINK, type ContainerRegistryArgs } from "../../../components/azure/container-registry";
import { BUILTIN_ROLES } from "../../../components/azure/roles";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { capture, valueOf } from "../../support/harness";

const REGISTRY = "azure-native:containerregistry:Registry";
const ENDPOINT_SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe";
const ZONE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io";

function basicArgs(overrides: Partial<ContainerRegistryArgs> = {}): ContainerRegistryArgs {
    return { resourceGroupName: "rg", location: "westeurope", registryName: "platformdevacr123abc", sku: "Basic", ...overrides };
}

describe("components/azure/ContainerRegistry", () => {
    it("dev (Basic): admin user and anonymous pull off, public endpoint, no Premium policies", async () => {
        const captured = await capture(() => new ContainerRegistry("acr-basic", basicArgs()));
        const registry = captured.one(REGISTRY);
        assert.deepEqual(registry.inputs.sku, { name: "Basic" });
        assert.equal(registry.inputs.adminUserEnabled, false);
        assert.equal(registry.inputs.anonymousPullEnabled, false);
        assert.equal(registry.inputs.publicNetworkAccess, "Enabled");
        assert.equal(registry.inputs.policies, undefined);
        assert.equal(captured.ofType("azure-native:network:PrivateEndpoint").length, 0);
        assert.equal(await valueOf(captured.value.loginServer), "platformdevacr123abc.azurecr.io");
    });

    it("a private registry's login server waits for its DNS zone group and the zone's links, so the token exchange and pushes resolve it", async () => {
        const captured = await capture(() => {
            const link = new privatedns.VirtualNetworkLink("acr-runner-link", { privateZoneName: "privatelink.azurecr.io", resourceGroupName: "rg", virtualNetwork: { id: "runner" } });
            const registry = new ContainerRegistry(
                "acr-wait",
                basicArgs({ sku: "Premium", privateLink: { subnetId: ENDPOINT_SUBNET, dnsZoneIds: { "privatelink.azurecr.io": ZONE_ID }, zoneReady: { "privatelink.azurecr.io": [link.id] } }, endpointName: (g) => `wait-${g}-pe` }),
            );
            // Anything that takes the login server (the exchange, docker-build's registries) waits as this probe does.
            new privatedns.PrivateZone("probe", { privateZoneName: registry.loginServer, resourceGroupName: "rg" });
            return registry;
        });
        const probe = captured.ofType("azure-native:privatedns:PrivateZone").find((z) => z.name === "probe")!;
        const zoneGroup = captured.one("azure-native:network:PrivateDnsZoneGroup");
        const link = captured.one("azure-native:privatedns:VirtualNetworkLink");
        assert.ok(probe.dependencies.includes(zoneGroup.urn), "waits for the zone group");
        assert.ok(probe.dependencies.includes(link.urn), "waits for the runner's link");
        assert.ok(probe.dependencies.includes(captured.one(REGISTRY).urn));
    });

    it("prod (Premium): untagged retention, zone redundancy, export off, private endpoint in the registry zone, protected", async () => {
        const captured = await capture(
            () =>
                new ContainerRegistry(
                    "acr-premium",
                    basicArgs({
                        sku: "Premium",
                        untaggedRetentionDays: 7,
                        zoneRedundant: true,
                        privateLink: { subnetId: ENDPOINT_SUBNET, dnsZoneIds: { "privatelink.azurecr.io": ZONE_ID } },
                        endpointName: (group) => `p-prod-acr-${group}-pe`,
                        protect: true,
                    }),
                ),
        );
        const registry = captured.one(REGISTRY);
        assert.equal(registry.protect, true);
        assert.equal(registry.inputs.publicNetworkAccess, "Disabled");
        assert.equal(registry.inputs.zoneRedundancy, "Enabled");
        assert.deepEqual(registry.inputs.policies, { retentionPolicy: { status: "enabled", days: 7 }, exportPolicy: { status: "disabled" } });
        const endpoint = captured.one("azure-native:network:PrivateEndpoint");
        assert.equal(endpoint.inputs.privateEndpointName, "p-prod-acr-registry-pe");
        assert.equal((endpoint.inputs.subnet as { id: string }).id, ENDPOINT_SUBNET);
        const connection = (endpoint.inputs.privateLinkServiceConnections as { groupIds: string[]; privateLinkServiceId: string }[])[0];
        assert.deepEqual(connection.groupIds, REGISTRY_PRIVATE_LINK.map((g) => g.groupId));
        assert.match(connection.privateLinkServiceId, /registries\/platformdevacr123abc$/);
        const dns = captured.one("azure-native:network:PrivateDnsZoneGroup");
        assert.deepEqual(dns.inputs.privateDnsZoneConfigs, [{ name: "privatelink-azurecr-io", privateDnsZoneId: ZONE_ID }]);
    });

    it("grants AcrPush to the builders and offers AcrPull as a grant for others", async () => {
        const captured = await capture(() => {
            const registry = new ContainerRegistry("acr-grants", basicArgs({ pushers: [{ label: "deployer", principalId: "00000000-0000-4000-8000-00000000000a" }] }));
            return registry.pull();
        });
        const push = captured.one("azure-native:authorization:RoleAssignment");
        assert.equal(push.name, "acr-grants-deployer-acr-push");
        assert.match(String(push.inputs.roleDefinitionId), new RegExp(`/roleDefinitions/${BUILTIN_ROLES.AcrPush}$`));
        assert.equal(captured.value.role, "AcrPull");
        assert.equal(captured.value.label, "acr-pull");
        assert.match(await valueOf(captured.value.scope as never), /registries\/platformdevacr123abc$/);
    });

    it("refuses Premium features on Basic, listing each, before creating anything", async () => {
        const captured = await capture(() =>
            assert.throws(
                () =>
                    new ContainerRegistry(
                        "acr-bad",
                        basicArgs({ untaggedRetentionDays: 7, zoneRedundant: true, privateLink: { subnetId: ENDPOINT_SUBNET, dnsZoneIds: {} } }),
                    ),
                (error: Error) => {
                    assert.equal(
                        error.message,
                        'ContainerRegistry "acr-bad": untaggedRetentionDays needs the Premium SKU, not Basic; zoneRedundant needs the Premium SKU, not Basic; ' +
                            "privateLink needs the Premium SKU, not Basic; privateLink needs endpointName to name the private endpoint",
                    );
                    return true;
                },
            ),
        );
        assert.equal(captured.ofType(REGISTRY).length, 0);
    });
});
