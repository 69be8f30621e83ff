import * as assert from "node:assert/strict";
import { deployEndpointsReachable, nsgAllows } from "../../../policy/rules/azure/deploy-endpoints-reachable";
import { runStackRule, stackRuleTable, type TestResource } from "../../support/policy";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = `${SUB}/resourceGroups/platform-rg/providers`;
const VNET = `${RG}/Microsoft.Network/virtualNetworks/platform-vnet`;
const RUNNER = `${SUB}/resourceGroups/runners/providers/Microsoft.Network/virtualNetworks/runners-vnet`;
const zoneId = (zone: string) => `${RG}/Microsoft.Network/privateDnsZones/${zone}`;
const AKS_ZONE = "privatelink.westeurope.azmk8s.io";
const ACR_ZONE = "privatelink.azurecr.io";
const RUNNER_RANGE = "203.0.113.0/24";

const object = (type: string, name: string, props: Record<string, any>, dependsOn: string[] = []): TestResource => ({ type, name, props, dependsOn });
const denyInternet = { name: "deny-internet-inbound", priority: 4000, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*" };
const allowAdmin = { name: "allow-kafka-admin-inbound", priority: 1000, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefixes: [RUNNER_RANGE], sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "9094" };

/** What both shapes share: the VNet, the node subnet and its NSG. */
function network(rules: object[]): TestResource[] {
    return [
        object("azure-native:network:VirtualNetwork", "network-vnet", { virtualNetworkName: "platform-vnet" }),
        object("azure-native:network:NetworkSecurityGroup", "network-nsg-nodes", { networkSecurityGroupName: "nodes-nsg", securityRules: rules }),
        object("azure-native:network:Subnet", "network-subnet-nodes", { subnetName: "nodes", virtualNetworkName: "platform-vnet", networkSecurityGroup: { id: `${RG}/Microsoft.Network/networkSecurityGroups/nodes-nsg` } }),
    ];
}
const kafka = (listener: object, template: object = {}) =>
    object("kubernetes:kafka.strimzi.io/v1:Kafka", "kafka-kafka", { spec: { kafka: { listeners: [{ name: "tls", port: 9093, type: "internal" }, { name: "admin", port: 9094, type: "loadbalancer", ...listener }], template } } });
const INTERNAL = { externalBootstrapService: { metadata: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } } } };

/** prod's shape: a private cluster on a zone of the stack, a private registry, Kafka on the internal load balancer; the runner in a peered VNet. */
function privateStack(): TestResource[] {
    const link = (zone: string, suffix: string, vnet: string) => object("azure-native:privatedns:VirtualNetworkLink", `network-dns-${zone}-${suffix}`, { privateZoneName: zone, virtualNetwork: { id: vnet } });
    return [
        ...network([denyInternet]),
        object("azure-native:network:VirtualNetworkPeering", "network-peer-runners", { virtualNetworkName: "platform-vnet", remoteVirtualNetwork: { id: RUNNER }, allowVirtualNetworkAccess: true }),
        object("azure-native:network:VirtualNetworkPeering", "network-peer-runners-back", { virtualNetworkName: "runners-vnet", remoteVirtualNetwork: { id: VNET }, allowVirtualNetworkAccess: true }),
        ...[AKS_ZONE, ACR_ZONE].flatMap((zone) => [object("azure-native:privatedns:PrivateZone", `network-dns-${zone}`, { privateZoneName: zone }), link(zone, "link", VNET), link(zone, "link-runners", RUNNER)]),
        object("azure-native:containerservice:ManagedCluster", "aks-cluster", {
            agentPoolProfiles: [{ name: "system", vnetSubnetID: `${VNET}/subnets/nodes` }],
            apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: zoneId(AKS_ZONE) },
        }),
        object("azure-native:containerregistry:Registry", "registry-registry", { registryName: "acr1", publicNetworkAccess: "Disabled" }),
        object("azure-native:network:PrivateDnsZoneGroup", "registry-pe-registry-dns", { privateDnsZoneConfigs: [{ privateDnsZoneId: zoneId(ACR_ZONE) }] }),
        object("docker-build:index:Image", "image-api-image", { push: true, registries: [{ address: "acr1.azurecr.io" }] }, ["registry-pe-registry-dns"]),
        kafka({ configuration: {} }, INTERNAL),
    ];
}
const named = (s: TestResource[], name: string) => s.find((r) => r.name === name)!;
const without = (s: TestResource[], name: string) => s.splice(s.indexOf(named(s, name)), 1);

stackRuleTable(deployEndpointsReachable, {
    good: privateStack,
    config: { runnerVnetIds: [RUNNER] },
    compliant: [["the API server's zone id in another case (ARM ids are case-insensitive)", (s) => (named(s, "aks-cluster").props.apiServerAccessProfile.privateDNSZone = zoneId(AKS_ZONE).toUpperCase().replace("PRIVATELINK.WESTEUROPE.AZMK8S.IO", AKS_ZONE))]],
    bad: [
        ["no peering to the runner's VNet (API server, registry and Kafka admin all unreachable)", (s) => without(s, "network-peer-runners"), "and no runner VNet is that VNet or peered with it both ways", 3],
        ["a peering from the platform VNet only (traffic needs both sides)", (s) => without(s, "network-peer-runners-back"), "and no runner VNet is that VNet or peered with it both ways", 3],
        ["the registry's zone not linked to the runner's VNet", (s) => without(s, `network-dns-${ACR_ZONE}-link-runners`), `azure-native:containerregistry:Registry "registry-registry": publicNetworkAccess is private, and the zone ${ACR_ZONE} is linked to no runner VNet`],
        ["the API server on AKS's own zone", (s) => (named(s, "aks-cluster").props.apiServerAccessProfile.privateDNSZone = "system"), `apiServerAccessProfile.privateDNSZone is "system" (AKS's own zone, linked to the cluster's VNet only)`],
        ["the API server's zone linked to the platform VNet only", (s) => without(s, `network-dns-${AKS_ZONE}-link-runners`), `the zone ${AKS_ZONE} is linked to no runner VNet`],
        ["a push that does not wait for the registry's DNS records", (s) => (named(s, "image-api-image").dependsOn = []), 'docker-build:index:Image "image-api-image": registries is a push to the private registry that does not wait for its private DNS zone group; expected a dependency on registry-pe-registry-dns'],
    ],
});

/** dev's shape: public endpoints limited to the runner's ranges; Kafka's admin listener on a public load balancer behind the node NSG. */
function publicStack(): TestResource[] {
    return [
        ...network([allowAdmin, denyInternet]),
        object("azure-native:containerservice:ManagedCluster", "aks-cluster", { agentPoolProfiles: [{ name: "system", vnetSubnetID: `${VNET}/subnets/nodes` }], apiServerAccessProfile: { authorizedIPRanges: [RUNNER_RANGE] } }),
        object("azure-native:containerregistry:Registry", "registry-registry", { registryName: "acr1", publicNetworkAccess: "Enabled" }),
        kafka({ configuration: { loadBalancerSourceRanges: [RUNNER_RANGE] } }),
    ];
}

stackRuleTable(deployEndpointsReachable, {
    good: publicStack,
    config: { runnerSourceRanges: [RUNNER_RANGE] },
    compliant: [
        ["authorized ranges wider than the runner's", (s) => (named(s, "aks-cluster").props.apiServerAccessProfile.authorizedIPRanges = ["203.0.0.0/16"])],
        ["a registry that denies by default and lists the runner", (s) => (named(s, "registry-registry").props.networkRuleSet = { defaultAction: "Deny", ipRules: [{ iPAddressOrRange: RUNNER_RANGE }] })],
    ],
    bad: [
        ["authorized ranges without the runner", (s) => (named(s, "aks-cluster").props.apiServerAccessProfile.authorizedIPRanges = ["198.51.100.0/24"]), 'apiServerAccessProfile.authorizedIPRanges is ["198.51.100.0/24"] (runner\'s addresses: ["203.0.113.0/24"])'],
        ["the admin listener's source ranges without the runner", (s) => (named(s, "kafka-kafka").props.spec.kafka.listeners[1].configuration.loadBalancerSourceRanges = ["198.51.100.7/32"]), 'spec.kafka.listeners[1] (listener "admin").configuration.loadBalancerSourceRanges is ["198.51.100.7/32"]'],
        ["the node NSG without the admin port's allow rule", (s) => named(s, "network-nsg-nodes").props.securityRules.shift(), 'azure-native:network:NetworkSecurityGroup "network-nsg-nodes": securityRules is no rule lets ["203.0.113.0/24"] in on port 9094 before a deny'],
        ["the allow rule after the deny", (s) => (named(s, "network-nsg-nodes").props.securityRules[0].priority = 4001), "no rule lets"],
        ["a registry that denies by default without the runner", (s) => (named(s, "registry-registry").props.networkRuleSet = { defaultAction: "Deny", ipRules: [] }), 'azure-native:containerregistry:Registry "registry-registry": networkRuleSet.ipRules is []'],
    ],
});

describe("policy deploy-endpoints-reachable (runner and NSG model)", () => {
    it("is not applicable, and says why, when the policy config describes no runner", async () => {
        const found = await runStackRule(deployEndpointsReachable, privateStack());
        assert.deepEqual(found.map((f) => f.notApplicable), ["skipped: no runner described (set runnerVnetIds or runnerSourceRanges in this rule's policy config)"]);
    });

    it("the first matching NSG rule by priority decides; ports, port ranges and the Internet tag match as Azure reads them", () => {
        const rule = (priority: number, access: string, source: string, port: string) => ({ priority, access, direction: "Inbound", sourceAddressPrefix: source, destinationPortRange: port });
        assert.equal(nsgAllows([rule(100, "Allow", "203.0.113.0/24", "9000-9100"), rule(4000, "Deny", "Internet", "*")], 9094, "203.0.113.7/32"), true);
        assert.equal(nsgAllows([rule(100, "Deny", "Internet", "*"), rule(200, "Allow", "*", "9094")], 9094, "203.0.113.7/32"), false);
        assert.equal(nsgAllows([rule(100, "Deny", "Internet", "*")], 9094, "10.1.0.0/24"), false, "no rule matches a private source: Azure's own deny-all decides");
        assert.equal(nsgAllows([rule(100, "Allow", "203.0.113.0/24", "443")], 9094, "203.0.113.7/32"), false);
    });
});
