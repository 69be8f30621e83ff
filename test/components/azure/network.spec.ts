import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import { cidr, contains, formatAddress, overlaps } from "../../../components/azure/cidr";
import { namer } from "../../../components/azure/naming";
import { Network, runnerKey, nodeInboundRules, planNetwork, type NetworkPlan } from "../../../components/azure/network";
import { loadConfig } from "../../../infra/config";
import { ConfigError, type RawConfig } from "../../../stacks/stack-config";
import { validNetwork, withKafka } from "../../support/config-arbitraries";
import { capture, PROJECT, valueOf } from "../../support/harness";

const DEV_PLAN: NetworkPlan = planNetwork({
    vnetCidr: "10.40.0.0/16",
    nodeSubnetCidr: "10.40.0.0/20",
    privateEndpointSubnetCidr: "10.40.16.0/24",
    podCidr: "192.168.0.0/16",
    serviceCidr: "172.16.0.0/16",
});

function devStack(values: Record<string, string>): RawConfig {
    return { project: PROJECT, stack: "dev", values: withKafka(values), secretKeys: new Set() };
}

/** Two subnets of a /16 VNet that overlap: the second starts inside the first. */
const overlappingSubnets = fc
    .record({ nodePrefix: fc.integer({ min: 17, max: 26 }), offset: fc.nat(), endpointPrefix: fc.integer({ min: 17, max: 29 }) })
    .map(({ nodePrefix, offset, endpointPrefix }) => {
        const vnetBase = 10 * 2 ** 24 + 40 * 2 ** 16;
        const nodeSize = 2 ** (32 - nodePrefix);
        const endpointSize = 2 ** (32 - endpointPrefix);
        // An endpoint block aligned to its own size and lying inside (or around) the node block.
        const start = vnetBase + Math.floor((offset % nodeSize) / endpointSize) * endpointSize;
        const endpointBase = Math.floor(start / endpointSize) * endpointSize;
        return { nodeSubnetCidr: `${formatAddress(vnetBase)}/${nodePrefix}`, privateEndpointSubnetCidr: `${formatAddress(endpointBase)}/${endpointPrefix}` };
    });

describe("components/azure/network planNetwork", () => {
    it("puts the cluster DNS service at host .10 of the service range", () => {
        assert.equal(DEV_PLAN.dnsServiceIp, "172.16.0.10");
        assert.deepEqual(
            DEV_PLAN.subnets.map((s) => [s.role, s.cidr, s.usableAddresses]),
            [
                ["nodes", "10.40.0.0/20", 4091],
                ["endpoints", "10.40.16.0/24", 251],
            ],
        );
    });

    it("throws listing every conflict when used without the config loader", () => {
        assert.throws(
            () =>
                planNetwork({
                    vnetCidr: "10.40.0.0/16",
                    nodeSubnetCidr: "10.40.0.0/20",
                    privateEndpointSubnetCidr: "10.40.0.0/30",
                    podCidr: "10.40.128.0/17",
                    serviceCidr: "172.16.0.0/16",
                }),
            (error: Error) => {
                assert.equal(
                    error.message,
                    [
                        "invalid network ranges:",
                        "  - privateEndpointSubnetCidr = 10.40.0.0/30: expected a subnet of /29 or larger (Azure's minimum)",
                        "  - privateEndpointSubnetCidr = 10.40.0.0/30: expected a range apart from nodeSubnetCidr 10.40.0.0/20",
                        "  - podCidr = 10.40.128.0/17: expected a range outside vnetCidr 10.40.0.0/16 (overlay addresses must not collide with the VNet)",
                    ].join("\n"),
                );
                return true;
            },
        );
    });

    it("property: any valid network config loads and yields non-overlapping subnets inside the VNet", () => {
        fc.assert(
            fc.property(validNetwork, (ranges) => {
                const config = loadConfig(devStack(ranges));
                const plan = planNetwork(config.settings);
                const vnet = cidr(plan.vnet);
                const subnets = plan.subnets.map((s) => cidr(s.cidr));
                for (const subnet of subnets) {
                    assert.ok(contains(vnet, subnet), `${subnet.text} inside ${vnet.text}`);
                }
                assert.ok(!overlaps(subnets[0], subnets[1]), `${subnets[0].text} apart from ${subnets[1].text}`);
                for (const overlay of [plan.podCidr, plan.serviceCidr]) {
                    assert.ok(!overlaps(vnet, cidr(overlay)), `${overlay} outside ${vnet.text}`);
                }
                assert.ok(contains(cidr(plan.serviceCidr), cidr(`${plan.dnsServiceIp}/32`)));
            }),
            runs(300),
        );
    });

    it("property: any overlapping subnet pair is rejected with an error naming privateEndpointSubnetCidr and the node range", () => {
        fc.assert(
            fc.property(overlappingSubnets, (subnets) => {
                assert.ok(overlaps(cidr(subnets.nodeSubnetCidr), cidr(subnets.privateEndpointSubnetCidr)));
                assert.throws(
                    () => loadConfig(devStack({ vnetCidr: "10.40.0.0/16", ...subnets })),
                    (error: unknown) => {
                        assert.ok(error instanceof ConfigError);
                        const problem = error.problems.find((p) => p.key === "privateEndpointSubnetCidr" && p.expected.includes("apart from"));
                        assert.ok(problem, error.message);
                        assert.equal(problem.value, JSON.stringify(subnets.privateEndpointSubnetCidr));
                        assert.equal(problem.expected, `a range apart from nodeSubnetCidr ${subnets.nodeSubnetCidr}`);
                        assert.match(problem.fix, /^pulumi config set --stack dev privateEndpointSubnetCidr /);
                        return true;
                    },
                );
            }),
            runs(300),
        );
    });

    it("rejects a node subnet too small for both pools at their maxima plus surge", () => {
        assert.throws(
            () => loadConfig(devStack({ nodeSubnetCidr: "10.40.0.0/27", systemNodeMaxCount: "10", userNodeMaxCount: "20" })),
            (error: ConfigError) => {
                assert.deepEqual(
                    error.problems.map((p) => [p.key, p.expected]),
                    [["nodeSubnetCidr", "a subnet with room for 61 nodes (every pool at its maximum plus 33% upgrade surge, and a pool's successor at its maximum while a new VM size replaces it); 10.40.0.0/27 has 27 usable addresses"]],
                );
                return true;
            },
        );
    });
});

describe("components/azure/Network", () => {
    const name = namer(PROJECT, "unit");

    it("creates the VNet, a subnet per role behind its own NSG, and no DNS zones without private endpoints", async () => {
        const captured = await capture(() => new Network("net-dev", { resourceGroupName: "rg", location: "westeurope", namer: name, plan: DEV_PLAN }));
        const component = captured.one("streaming-platform:azure:Network");
        const vnet = captured.one("azure-native:network:VirtualNetwork");
        assert.deepEqual(vnet.inputs.addressSpace, { addressPrefixes: ["10.40.0.0/16"] });
        assert.deepEqual(vnet.ignoreChanges, ["subnets"]);
        const subnets = captured.ofType("azure-native:network:Subnet");
        assert.deepEqual(
            subnets.map((s) => [s.inputs.subnetName, s.inputs.addressPrefix, s.inputs.defaultOutboundAccess]),
            [
                ["streaming-platform-unit-nodes", "10.40.0.0/20", false],
                ["streaming-platform-unit-endpoints", "10.40.16.0/24", false],
            ],
        );
        const nsgs = captured.ofType("azure-native:network:NetworkSecurityGroup");
        for (const [subnet, nsg] of subnets.map((s, i) => [s, nsgs[i]] as const)) {
            assert.match(String((subnet.inputs.networkSecurityGroup as { id: string }).id), new RegExp(`${nsg.inputs.networkSecurityGroupName}$`));
        }
        const endpointRules = nsgs[1].inputs.securityRules as { name: string; access: string; destinationPortRange: string }[];
        assert.deepEqual(
            endpointRules.map((r) => [r.name, r.access, r.destinationPortRange]),
            [
                ["allow-vnet-https-inbound", "Allow", "443"],
                ["deny-all-inbound", "Deny", "*"],
            ],
        );
        assert.equal(subnets[1].inputs.privateEndpointNetworkPolicies, "Enabled");
        assert.equal(captured.ofType("azure-native:privatedns:PrivateZone").length, 0);
        assert.ok([vnet, ...subnets, ...nsgs].every((r) => r.parent === component.urn));
    });

    it("lets exactly the declared load-balanced ports into the node subnet, each from its own ranges, before denying the internet", async () => {
        const captured = await capture(
            () => new Network("net-admin", { resourceGroupName: "rg", location: "westeurope", namer: name, plan: DEV_PLAN, nodeInbound: [{ name: "kafka-admin", port: 9094, sourceRanges: ["203.0.113.0/24", "198.51.100.7"] }] }),
        );
        const rules = captured.ofType("azure-native:network:NetworkSecurityGroup").find((n) => String(n.inputs.networkSecurityGroupName).endsWith("nodes-nsg"))!.inputs.securityRules as Record<string, unknown>[];
        assert.deepEqual(
            rules.map((r) => [r.name, r.priority, r.access, r.protocol, r.destinationPortRange, r.sourceAddressPrefixes ?? r.sourceAddressPrefix]),
            [
                ["allow-kafka-admin-inbound", 1000, "Allow", "Tcp", "9094", ["203.0.113.0/24", "198.51.100.7"]],
                ["deny-internet-inbound", 4000, "Deny", "*", "*", "Internet"],
            ],
        );
    });

    it("refuses a public node port without source ranges (it would admit nobody, silently)", () => {
        assert.throws(() => nodeInboundRules([{ name: "kafka-admin", port: 9094, sourceRanges: [] }]), /node inbound kafka-admin: no source ranges/);
    });

    it("creates each private DNS zone once, linked to the VNet without auto-registration", async () => {
        const zones = ["privatelink.azurecr.io", "privatelink.blob.core.windows.net", "privatelink.azurecr.io"];
        const captured = await capture(
            () => new Network("net-prod", { resourceGroupName: "rg", location: "westeurope", namer: name, plan: DEV_PLAN, privateDnsZones: zones }),
        );
        assert.deepEqual(
            captured.ofType("azure-native:privatedns:PrivateZone").map((z) => [z.inputs.privateZoneName, z.inputs.location]),
            [
                ["privatelink.azurecr.io", "global"],
                ["privatelink.blob.core.windows.net", "global"],
            ],
        );
        const links = captured.ofType("azure-native:privatedns:VirtualNetworkLink");
        assert.equal(links.length, 2);
        assert.ok(links.every((l) => l.inputs.registrationEnabled === false));
        assert.deepEqual(Object.keys(captured.value.privateDnsZoneIds), ["privatelink.azurecr.io", "privatelink.blob.core.windows.net"]);
    });

    it("peers each runner VNet once and links every private zone to it, under names stable across order and case", async () => {
        const runner = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/runners/providers/Microsoft.Network/virtualNetworks/runners-vnet";
        const other = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/runners-vnet";
        const captured = await capture(
            () =>
                new Network("net-runners", {
                    resourceGroupName: "rg",
                    location: "westeurope",
                    namer: name,
                    plan: DEV_PLAN,
                    privateDnsZones: ["privatelink.azurecr.io", "privatelink.westeurope.azmk8s.io"],
                    runnerVnetIds: [runner, other, runner],
                }),
        );
        const peerings = captured.ofType("azure-native:network:VirtualNetworkPeering");
        const vnetId = await valueOf(captured.value.vnetId);
        assert.deepEqual(
            peerings.map((p) => [p.inputs.resourceGroupName, (p.inputs.remoteVirtualNetwork as { id: string }).id, p.inputs.allowVirtualNetworkAccess, p.inputs.allowForwardedTraffic, p.inputs.useRemoteGateways]).sort(),
            [
                ["other", vnetId, true, false, false],
                ["rg", other, true, false, false],
                ["rg", runner, true, false, false],
                ["runners", vnetId, true, false, false],
            ],
            "both sides of each peering, the runner's in the runner's resource group",
        );
        assert.notEqual(runnerKey(runner), runnerKey(other), "two VNets of one name in different groups stay apart");
        assert.equal(runnerKey(runner.toUpperCase().replace("RUNNERS-VNET", "runners-vnet")), runnerKey(runner), "ARM ids are case-insensitive");
        const links = captured.ofType("azure-native:privatedns:VirtualNetworkLink");
        for (const zone of ["privatelink.azurecr.io", "privatelink.westeurope.azmk8s.io"]) {
            const linked = links.filter((l) => l.inputs.privateZoneName === zone).map((l) => (l.inputs.virtualNetwork as { id: string }).id);
            assert.equal(linked.length, 3, `${zone}: the platform VNet and both runners`);
            assert.ok(linked.includes(runner) && linked.includes(other), zone);
        }
        assert.equal(captured.value.privateZoneReady["privatelink.azurecr.io"].length, 3 + 4, "three links and four peering sides");
    });
});
