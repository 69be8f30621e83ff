import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { addressAt, cidr, contains, overlaps, type Cidr } from "./cidr";
import type * as types from "@pulumi/azure-native/types";
import type { Namer } from "./naming";
import type { AzurePlacement } from "./placement";

/** Azure refuses subnets smaller than /29 (it reserves five addresses in each). */
export const MAX_SUBNET_PREFIX = 29;
/** Addresses Azure reserves in every subnet (network, gateway, two DNS, broadcast). */
export const AZURE_RESERVED_ADDRESSES = 5;
/** The cluster DNS service takes this host of the service CIDR (the AKS convention, x.x.x.10). */
const DNS_SERVICE_HOST = 10;
/** Private endpoints are only reached over HTTPS (registry, blob, dfs). */
const PRIVATE_ENDPOINT_PORT = "443";

/** The address plan of the platform network: what the component creates, as plain data. */
export interface NetworkPlan {
    readonly vnet: string;
    readonly subnets: readonly SubnetPlan[];
    /** Overlay ranges for pods and services: outside the VNet, apart from each other. */
    readonly podCidr: string;
    readonly serviceCidr: string;
    /** The cluster DNS service address inside serviceCidr. */
    readonly dnsServiceIp: string;
}

export interface SubnetPlan {
    readonly role: "nodes" | "endpoints";
    readonly cidr: string;
    /** Usable addresses after Azure's reservations. */
    readonly usableAddresses: number;
}

export interface NetworkRanges {
    readonly vnetCidr: string;
    readonly nodeSubnetCidr: string;
    readonly privateEndpointSubnetCidr: string;
    readonly podCidr: string;
    readonly serviceCidr: string;
}

/**
 * Checks the ranges and returns the plan; throws listing every conflict. The config loader runs the
 * same checks with stack-file fixes first, so a stack never gets here with bad ranges; this keeps
 * the component safe on its own.
 */
export function planNetwork(ranges: NetworkRanges): NetworkPlan {
    const problems = networkProblems(ranges);
    if (problems.length > 0) {
        throw new Error(`invalid network ranges:\n${problems.map((p) => `  - ${p.key} = ${ranges[p.key]}: expected ${p.expected}`).join("\n")}`);
    }
    const parsed = (text: string) => cidr(text);
    const usable = (range: Cidr) => range.size - AZURE_RESERVED_ADDRESSES;
    const [nodes, endpoints] = [parsed(ranges.nodeSubnetCidr), parsed(ranges.privateEndpointSubnetCidr)];
    return {
        vnet: ranges.vnetCidr,
        subnets: [
            { role: "nodes", cidr: nodes.text, usableAddresses: usable(nodes) },
            { role: "endpoints", cidr: endpoints.text, usableAddresses: usable(endpoints) },
        ],
        podCidr: ranges.podCidr,
        serviceCidr: ranges.serviceCidr,
        dnsServiceIp: addressAt(parsed(ranges.serviceCidr), DNS_SERVICE_HOST),
    };
}

/** One conflict between ranges, by the key at fault. */
export interface NetworkProblem {
    readonly key: keyof NetworkRanges;
    /** What the key should hold instead, completing "expected ...". */
    readonly expected: string;
}

/** Every conflict between valid CIDRs (parsing is the caller's concern: unparsable ranges are skipped). */
export function networkProblems(ranges: Partial<Record<keyof NetworkRanges, Cidr>> | NetworkRanges): NetworkProblem[] {
    const get = (key: keyof NetworkRanges): Cidr | undefined => {
        const value = ranges[key];
        if (value === undefined) {
            return undefined;
        }
        if (typeof value !== "string") {
            return value;
        }
        try {
            return cidr(value);
        } catch {
            return undefined;
        }
    };
    const problems: NetworkProblem[] = [];
    const [vnet, nodes, endpoints, pods, services] = (
        ["vnetCidr", "nodeSubnetCidr", "privateEndpointSubnetCidr", "podCidr", "serviceCidr"] as const
    ).map(get);
    for (const [key, subnet] of [["nodeSubnetCidr", nodes], ["privateEndpointSubnetCidr", endpoints]] as const) {
        if (subnet && subnet.prefix > MAX_SUBNET_PREFIX) {
            problems.push({ key, expected: `a subnet of /${MAX_SUBNET_PREFIX} or larger (Azure's minimum)` });
        }
        if (vnet && subnet && !contains(vnet, subnet)) {
            problems.push({ key, expected: `a range inside vnetCidr ${vnet.text}` });
        }
    }
    if (nodes && endpoints && overlaps(nodes, endpoints)) {
        problems.push({ key: "privateEndpointSubnetCidr", expected: `a range apart from nodeSubnetCidr ${nodes.text}` });
    }
    for (const [key, range] of [["podCidr", pods], ["serviceCidr", services]] as const) {
        if (vnet && range && overlaps(vnet, range)) {
            problems.push({ key, expected: `a range outside vnetCidr ${vnet.text} (overlay addresses must not collide with the VNet)` });
        }
    }
    if (pods && services && overlaps(pods, services)) {
        problems.push({ key: "serviceCidr", expected: `a range apart from podCidr ${pods.text}` });
    }
    if (services && services.size <= DNS_SERVICE_HOST) {
        problems.push({ key: "serviceCidr", expected: `a range with more than ${DNS_SERVICE_HOST} addresses (the cluster DNS service takes host .${DNS_SERVICE_HOST})` });
    }
    return problems;
}

export interface NetworkArgs extends AzurePlacement {
    /** Names the VNet, subnets and NSGs (`<project>-<stack>-<role>`). */
    readonly namer: Namer;
    /** The address plan (`planNetwork`). */
    readonly plan: NetworkPlan;
    /**
     * Private DNS zones to create and link to the VNet, one per Private Link service the stack uses.
     * @default - none (no private endpoints)
     */
    readonly privateDnsZones?: readonly string[];
    /**
     * Ports of public load balancers that the node subnet accepts from the internet, each from its
     * own source ranges only (e.g. dev's Kafka admin listener from the runner's ranges). AKS opens
     * its own managed NSG for LoadBalancer Services, never a subnet NSG that you bring, so without
     * a rule here their traffic stops at this NSG.
     * @default - none: nothing from the internet reaches a node
     */
    readonly nodeInbound?: readonly NodeInbound[];
    /**
     * ARM ids of the virtual networks the deploying runners sit in. Each is peered with this VNet
     * (both sides) and linked to every private DNS zone, so a runner reaches and resolves the
     * private endpoints and the private API server as the nodes do.
     * @default - none: deploys run from inside this VNet or over public endpoints
     */
    readonly runnerVnetIds?: readonly string[];
}

/** One public load-balanced port the nodes accept, from the given ranges (CIDRs or addresses). */
export interface NodeInbound {
    /** Names the rule (allow-<name>-inbound). */
    readonly name: string;
    readonly port: number;
    readonly sourceRanges: readonly string[];
}

/**
 * The platform VNet: a subnet for the AKS nodes (pods live in the CNI overlay, outside the VNet) and
 * one for private endpoints, each behind its own NSG; plus the private DNS zones that make the
 * services' names resolve to their private endpoints inside the VNet.
 */
export class Network extends pulumi.ComponentResource {
    readonly vnet: network.VirtualNetwork;
    readonly vnetId: pulumi.Output<string>;
    /** ARM id of the node subnet (AKS `vnetSubnetID`). */
    readonly nodeSubnetId: pulumi.Output<string>;
    /** ARM id of the private endpoint subnet. */
    readonly privateEndpointSubnetId: pulumi.Output<string>;
    /** ARM ids of the private DNS zones, by zone name. */
    readonly privateDnsZoneIds: Readonly<Record<string, pulumi.Output<string>>>;
    /**
     * By zone name, the ids of what a name in it needs before it resolves and answers from a runner:
     * the zone's VNet links (this VNet's and the runners') and both sides of the runner peerings.
     */
    readonly privateZoneReady: Readonly<Record<string, readonly pulumi.Output<string>[]>>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:Network", name, {}, opts);
        const { resourceGroupName, location, tags } = args;

        this.vnet = new network.VirtualNetwork(
            `${name}-vnet`,
            {
                virtualNetworkName: args.namer("virtualNetwork", "vnet"),
                resourceGroupName,
                location,
                addressSpace: { addressPrefixes: [args.plan.vnet] },
                tags,
            },
            // Subnets are their own resources below; the VNet must not try to own (and drop) them.
            { parent: this, ignoreChanges: ["subnets"] },
        );
        this.vnetId = this.vnet.id;

        const securityRules: Record<SubnetPlan["role"], types.input.network.SecurityRuleArgs[]> = {
            // AKS needs the default rules (VNet traffic, Azure Load Balancer probes). From the internet
            // only the declared load-balanced ports, each from its ranges (AKS load balancer rules
            // use floating IP, so the packets still carry the Service's port); nothing else.
            nodes: [...nodeInboundRules(args.nodeInbound ?? []), denyInbound("deny-internet-inbound", 4000, "Internet")],
            // Endpoints answer HTTPS from inside the VNet and nothing else.
            endpoints: [
                {
                    name: "allow-vnet-https-inbound",
                    priority: 100,
                    direction: "Inbound",
                    access: "Allow",
                    protocol: "Tcp",
                    sourceAddressPrefix: "VirtualNetwork",
                    sourcePortRange: "*",
                    destinationAddressPrefix: "*",
                    destinationPortRange: PRIVATE_ENDPOINT_PORT,
                },
                denyInbound("deny-all-inbound", 4096, "*"),
            ],
        };
        const subnetIds = new Map<SubnetPlan["role"], pulumi.Output<string>>();
        for (const subnet of args.plan.subnets) {
            const nsg = new network.NetworkSecurityGroup(
                `${name}-nsg-${subnet.role}`,
                { networkSecurityGroupName: args.namer("networkSecurityGroup", `${subnet.role}-nsg`), resourceGroupName, location, securityRules: securityRules[subnet.role], tags },
                { parent: this },
            );
            const created = new network.Subnet(
                `${name}-subnet-${subnet.role}`,
                {
                    subnetName: args.namer("subnet", subnet.role),
                    virtualNetworkName: this.vnet.name,
                    resourceGroupName,
                    addressPrefix: subnet.cidr,
                    networkSecurityGroup: { id: nsg.id },
                    // NSGs apply to private endpoints only when network policies are on.
                    privateEndpointNetworkPolicies: subnet.role === "endpoints" ? "Enabled" : undefined,
                    // No implicit outbound internet: nodes leave through the cluster's load balancer.
                    defaultOutboundAccess: false,
                },
                { parent: this },
            );
            subnetIds.set(subnet.role, created.id);
        }
        this.nodeSubnetId = subnetIds.get("nodes")!;
        this.privateEndpointSubnetId = subnetIds.get("endpoints")!;

        const runners = [...new Set(args.runnerVnetIds ?? [])].map((id) => ({ id, key: runnerKey(id), ...armParts(id) }));
        // Both sides of each peering: traffic flows once both exist, and the runner's side can only
        // name this VNet after it exists, so the program makes it too (the deployer needs Network
        // Contributor on the runner's VNet).
        const peerings = runners.flatMap((runner) => {
            const peering = { allowVirtualNetworkAccess: true, allowForwardedTraffic: false, allowGatewayTransit: false, useRemoteGateways: false };
            return [
                new network.VirtualNetworkPeering(
                    `${name}-peer-${runner.key}`,
                    { ...peering, virtualNetworkPeeringName: `to-${runner.key}`, virtualNetworkName: this.vnet.name, resourceGroupName, remoteVirtualNetwork: { id: runner.id } },
                    { parent: this },
                ).id,
                new network.VirtualNetworkPeering(
                    `${name}-peer-${runner.key}-back`,
                    { ...peering, virtualNetworkPeeringName: pulumi.interpolate`to-${this.vnet.name}`, virtualNetworkName: runner.name, resourceGroupName: runner.resourceGroup, remoteVirtualNetwork: { id: this.vnet.id } },
                    { parent: this },
                ).id,
            ];
        });

        const zoneIds: Record<string, pulumi.Output<string>> = {};
        const zoneReady: Record<string, pulumi.Output<string>[]> = {};
        for (const zoneName of [...new Set(args.privateDnsZones ?? [])]) {
            const key = zoneName.replace(/\./g, "-");
            const zone = new privatedns.PrivateZone(
                `${name}-dns-${key}`,
                { privateZoneName: zoneName, resourceGroupName, location: "global", tags },
                { parent: this },
            );
            const link = (suffix: string, vnetId: pulumi.Input<string>) =>
                new privatedns.VirtualNetworkLink(
                    `${name}-dns-${key}-${suffix}`,
                    { privateZoneName: zone.name, resourceGroupName, location: "global", virtualNetwork: { id: vnetId }, registrationEnabled: false, tags },
                    { parent: this },
                ).id;
            zoneReady[zoneName] = [link("link", this.vnet.id), ...runners.map((runner) => link(`link-${runner.key}`, runner.id)), ...peerings];
            zoneIds[zoneName] = zone.id;
        }
        this.privateDnsZoneIds = zoneIds;
        this.privateZoneReady = zoneReady;

        this.registerOutputs({
            vnetId: this.vnetId,
            nodeSubnetId: this.nodeSubnetId,
            privateEndpointSubnetId: this.privateEndpointSubnetId,
            privateDnsZoneIds: this.privateDnsZoneIds,
        });
    }
}

/** The resource group and name in a virtual network's ARM id. */
function armParts(vnetId: string): { resourceGroup: string; name: string } {
    const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i.exec(vnetId);
    if (!match) {
        throw new Error(`runner VNet "${vnetId}": not a virtual network's ARM id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>)`);
    }
    return { resourceGroup: match[1], name: match[2] };
}

/**
 * A short, stable name for a runner VNet in resource names: its name and 8 hex of a hash of its
 * ARM id (two runner VNets of the same name in different groups stay apart; order does not matter).
 */
export function runnerKey(vnetId: string): string {
    const vnetName = (vnetId.split("/").pop() ?? "vnet").toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 40);
    return `${vnetName}-${createHash("sha256").update(vnetId.toLowerCase()).digest("hex").slice(0, 8)}`;
}

/** Allow rules for the declared node ports (priorities 1000, 1001, ...); a rule without ranges is refused. */
export function nodeInboundRules(inbound: readonly NodeInbound[]): types.input.network.SecurityRuleArgs[] {
    const empty = inbound.filter((i) => i.sourceRanges.length === 0).map((i) => i.name);
    if (empty.length > 0) {
        throw new Error(`node inbound ${empty.join(", ")}: no source ranges; a public port needs the ranges it admits (it would otherwise stay closed)`);
    }
    return inbound.map((i, index) => ({
        name: `allow-${i.name}-inbound`,
        priority: 1000 + index,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefixes: [...i.sourceRanges],
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: String(i.port),
    }));
}

function denyInbound(name: string, priority: number, source: string): types.input.network.SecurityRuleArgs {
    return {
        name,
        priority,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sourceAddressPrefix: source,
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
    };
}
