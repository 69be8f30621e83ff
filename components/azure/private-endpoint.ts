/**
 * Private Link plumbing shared by the registry and the data lake: a private endpoint per
 * sub-resource (group id) in the endpoint subnet, registered in the matching private DNS zone so the
 * service's public name resolves to the private address inside the VNet.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { AzurePlacement } from "./placement";

/** One Private Link sub-resource of a service and the DNS zone its records live in. */
export interface PrivateLinkGroup {
    /** The sub-resource, e.g. "registry", "blob", "dfs". */
    readonly groupId: string;
    /** The private DNS zone for it, e.g. "privatelink.azurecr.io". */
    readonly dnsZone: string;
}

/** Where a component places its private endpoints (the Network component provides both). */
export interface PrivateLinkPlacement {
    /** ARM id of the private endpoint subnet. */
    readonly subnetId: pulumi.Input<string>;
    /** ARM ids of the private DNS zones, by zone name; must hold every zone the component needs. */
    readonly dnsZoneIds: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * By zone name, what a name in it needs before it resolves and answers from the runners (the
     * zone's VNet links, the runner peerings): Network.privateZoneReady.
     * @default - nothing beyond the DNS zone group
     */
    readonly zoneReady?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
}

/** The endpoints of a service, and when their names resolve to them. */
export interface PrivateEndpoints {
    readonly endpoints: readonly network.PrivateEndpoint[];
    /**
     * The ids of every DNS zone group (the records of the private addresses) and of what their zones
     * need from the runners (`zoneReady`: links, peerings): a value that waits for it is usable only
     * once the service's name resolves to its private endpoint, and answers, from those networks.
     */
    readonly resolvable: pulumi.Output<string[]>;
}

export interface PrivateEndpointsArgs extends AzurePlacement {
    /** Name of the endpoint for `groupId` (from the naming function). */
    readonly endpointName: (groupId: string) => string;
    /** ARM id of the service the endpoints connect to. */
    readonly targetId: pulumi.Input<string>;
    readonly groups: readonly PrivateLinkGroup[];
    readonly placement: PrivateLinkPlacement;
}

/** Creates one endpoint and DNS zone group per group id, children of `parent`. */
export function createPrivateEndpoints(name: string, args: PrivateEndpointsArgs, parent: pulumi.Resource): PrivateEndpoints {
    const missing = args.groups.filter((g) => !(g.dnsZone in args.placement.dnsZoneIds)).map((g) => g.dnsZone);
    if (missing.length > 0) {
        throw new Error(`${name}: no private DNS zone for ${missing.join(", ")}; add it to the Network component's privateDnsZones`);
    }
    const created = args.groups.map((group) => {
        const endpointName = args.endpointName(group.groupId);
        const endpoint = new network.PrivateEndpoint(
            `${name}-pe-${group.groupId}`,
            {
                privateEndpointName: endpointName,
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                subnet: { id: args.placement.subnetId },
                customNetworkInterfaceName: `${endpointName}-nic`,
                privateLinkServiceConnections: [{ name: endpointName, privateLinkServiceId: args.targetId, groupIds: [group.groupId] }],
                tags: args.tags,
            },
            { parent },
        );
        const zoneGroup = new network.PrivateDnsZoneGroup(
            `${name}-pe-${group.groupId}-dns`,
            {
                privateDnsZoneGroupName: "default",
                privateEndpointName: endpoint.name,
                resourceGroupName: args.resourceGroupName,
                privateDnsZoneConfigs: [{ name: group.dnsZone.replace(/\./g, "-"), privateDnsZoneId: args.placement.dnsZoneIds[group.dnsZone] }],
            },
            { parent },
        );
        return { endpoint, waits: [zoneGroup.id, ...(args.placement.zoneReady?.[group.dnsZone] ?? [])] };
    });
    return {
        endpoints: created.map((c) => c.endpoint),
        resolvable: pulumi.all(created.flatMap((c) => c.waits)).apply((ids) => ids.map(String)),
    };
}
