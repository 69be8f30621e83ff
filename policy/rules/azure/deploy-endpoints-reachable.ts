import { waitsFor } from "../../lib/graph";
import { containsRange, isPublicRange } from "../../lib/ipv4";
import { at, list, ofType, record, type Json } from "../../lib/kubernetes";
import { show, stackRule, type StackResource, type Violation } from "../../lib/rule";

/** Where the runner that deploys the stack sits: the policy config describes it, the stack must let it in. */
interface RunnerConfig {
    /** ARM ids of the virtual networks the runner is in. */
    readonly runnerVnetIds?: readonly string[];
    /** The public addresses the runner's traffic leaves from (its NAT's), as CIDRs. */
    readonly runnerSourceRanges?: readonly string[];
}

const INTERNAL_LB = "service.beta.kubernetes.io/azure-load-balancer-internal";
const REGISTRY_ZONE = "privatelink.azurecr.io";
const GRAFANA_ZONE = "privatelink.grafana.azure.com";

const same = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
const lastSegment = (id: unknown) => (typeof id === "string" ? (id.split("/").pop() ?? "") : "");

/** What the stack declares about networks, read once. */
function networkModel(resources: readonly StackResource[], runner: Required<RunnerConfig>) {
    const peerings = ofType(resources, "azure-native:network:VirtualNetworkPeering").map(({ props }) => props);
    const links = ofType(resources, "azure-native:privatedns:VirtualNetworkLink").map(({ props }) => props);
    const runnerVnet = (id: unknown) => runner.runnerVnetIds.some((r) => same(r, id));
    return {
        /** The runner's public egress ranges. */
        ranges: runner.runnerSourceRanges,
        /** Is the runner in `vnetId`, or in a VNet peered with it both ways (traffic flows only when both sides exist)? */
        reachesVnet: (vnetId: string) =>
            runnerVnet(vnetId) ||
            runner.runnerVnetIds.some((runnerId) => {
                const peered = (from: string, to: string) =>
                    peerings.some((p) => same(p.virtualNetworkName, lastSegment(from)) && p.allowVirtualNetworkAccess !== false && same(at(p, ["remoteVirtualNetwork", "id"]), to));
                return peered(vnetId, runnerId) && peered(runnerId, vnetId);
            }),
        /** Is the private DNS zone linked to a runner VNet? */
        resolvesZone: (zone: string) => links.some((l) => same(l.privateZoneName, zone) && runnerVnet(at(l, ["virtualNetwork", "id"]))),
        /** Does every runner source range fall inside `allowed`? (False when the runner's public addresses are unknown.) */
        allowedFrom: (allowed: readonly unknown[]) =>
            runner.runnerSourceRanges.length > 0 && runner.runnerSourceRanges.every((r) => allowed.some((a) => typeof a === "string" && containsRange(a, r))),
    };
}
type Model = ReturnType<typeof networkModel>;

/** The VNet of a subnet id (…/virtualNetworks/<name>/subnets/<subnet>). */
function vnetOfSubnet(subnetId: unknown): string | undefined {
    return typeof subnetId === "string" ? subnetId.replace(/\/subnets\/[^/]+$/i, "") : undefined;
}

/** The VNet the platform's private endpoints and nodes live in: the cluster's node subnet's. */
function platformVnet(resources: readonly StackResource[]): string | undefined {
    const cluster = ofType(resources, "azure-native:containerservice:ManagedCluster")[0];
    return vnetOfSubnet(cluster ? at(cluster.props, ["agentPoolProfiles", 0, "vnetSubnetID"]) : undefined);
}

/** The network half of a private path: the runner is in the platform VNet or peered with it both ways. */
function vnetPath(model: Model, vnet: string | undefined, field: string, what: string): Violation[] {
    return vnet && model.reachesVnet(vnet)
        ? []
        : [
              {
                  field,
                  actual: `private (${what} answers only inside ${vnet ?? "the platform VNet"}), and no runner VNet is that VNet or peered with it both ways`,
                  expected: "a runner in the platform VNet, or VirtualNetworkPeerings between it and a runner VNet, both ways",
                  fix: "add the runner's VNet to the stack's runnerVnetIds (the Network component peers both sides)",
              },
          ];
}

/** A private endpoint's path: the runner reaches the VNet and resolves the zone. */
function privatePath(model: Model, vnet: string | undefined, zone: string, field: string, what: string): Violation[] {
    const resolves: Violation[] = model.resolvesZone(zone)
        ? []
        : [
              {
                  field,
                  actual: `private, and the zone ${zone} is linked to no runner VNet (the runner resolves the public name, which refuses it)`,
                  expected: `a VirtualNetworkLink of ${zone} to each runner VNet`,
                  fix: "add the runner's VNet to the stack's runnerVnetIds (every private zone is linked to it)",
              },
          ];
    return [...vnetPath(model, vnet, field, what), ...resolves];
}

function publicPath(model: Model, allowed: readonly unknown[], field: string): Violation[] {
    return model.allowedFrom(allowed)
        ? []
        : [
              {
                  field,
                  actual: `${show(allowed)} (runner's addresses: ${show(model.ranges)})`,
                  expected: "ranges that contain every address the runner's traffic leaves from",
                  fix: "add the runner's egress ranges to the allow-list (and describe them in this rule's runnerSourceRanges)",
              },
          ];
}

/** Does the first NSG rule (by priority) that matches `port` from `source` allow it? Azure's default rules deny Internet inbound. */
export function nsgAllows(rules: readonly Json[], port: number, source: string): boolean {
    const inbound = rules.filter((r) => r.direction === "Inbound").sort((a, b) => Number(a.priority) - Number(b.priority));
    const portMatches = (r: Json) =>
        [r.destinationPortRange, ...list(r.destinationPortRanges)].some((p) => {
            if (p === "*") {
                return true;
            }
            const [from, to] = String(p).split("-").map(Number);
            return p !== undefined && port >= from && port <= (to ?? from);
        });
    const sourceMatches = (r: Json) =>
        [r.sourceAddressPrefix, ...list(r.sourceAddressPrefixes)].some(
            (p) => p === "*" || (p === "Internet" && isPublicRange(source)) || (typeof p === "string" && containsRange(p, source)),
        );
    const first = inbound.find((r) => portMatches(r) && sourceMatches(r));
    return first?.access === "Allow";
}

/**
 * Every endpoint a deployment dials (the Kubernetes API server, Kafka's admin listener, the
 * registry, Grafana) is reachable from the runner the policy config describes: private endpoints
 * through the platform VNet or a two-way peering and a private DNS zone linked to the runner's VNet; public
 * ones through allow-lists (authorized ranges, loadBalancerSourceRanges and the node subnet's NSG)
 * that contain the runner's egress ranges; and image pushes wait for the registry's private DNS
 * records. Models only what the stack declares (custom DNS servers, firewalls, routes and NSGs on
 * the runner's side are outside it).
 */
export const deployEndpointsReachable = stackRule<RunnerConfig>(
    {
        name: "deploy-endpoints-reachable",
        description: "Every endpoint the deployment dials (API server, Kafka admin listener, registry, Grafana) is reachable and resolvable from the configured runner.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Describe the runner in this rule's config (runnerVnetIds, runnerSourceRanges); set the stack's runnerVnetIds, apiServerAuthorizedRanges or kafkaAdminSourceRanges so that they let it in.",
        configSchema: {
            properties: {
                runnerVnetIds: { type: "array", items: { type: "string" }, default: [] },
                runnerSourceRanges: { type: "array", items: { type: "string" }, default: [] },
            },
        },
    },
    (resources, config) => {
        const runner = { runnerVnetIds: config.runnerVnetIds ?? [], runnerSourceRanges: config.runnerSourceRanges ?? [] };
        if (runner.runnerVnetIds.length === 0 && runner.runnerSourceRanges.length === 0) {
            return { notApplicable: "skipped: no runner described (set runnerVnetIds or runnerSourceRanges in this rule's policy config)" };
        }
        const model = networkModel(resources, runner);
        const vnet = platformVnet(resources);
        const found: { resource: StackResource; violation: Violation }[] = [];
        const report = (resource: StackResource, violations: Violation[]) => violations.forEach((violation) => found.push({ resource, violation }));

        for (const { resource, props } of ofType(resources, "azure-native:containerservice:ManagedCluster")) {
            const access = record(props.apiServerAccessProfile) ?? {};
            if (access.enablePrivateCluster === true) {
                const zone = access.privateDNSZone;
                if (typeof zone !== "string" || !zone.startsWith("/")) {
                    if (!runner.runnerVnetIds.some((id) => same(id, vnet))) {
                        report(resource, [
                            {
                                field: "apiServerAccessProfile.privateDNSZone",
                                actual: `${show(zone)} (AKS's own zone, linked to the cluster's VNet only)`,
                                expected: "the id of a private DNS zone the stack owns and links to the runner's VNet (or a runner inside the cluster's VNet)",
                                fix: "give the cluster a privatelink.<region>.azmk8s.io zone of the stack, linked to the runner VNets (the stack's runnerVnetIds does)",
                            },
                        ]);
                    }
                } else {
                    report(resource, privatePath(model, vnet, lastSegment(zone), "apiServerAccessProfile.enablePrivateCluster", "the API server"));
                }
            } else if (list(access.authorizedIPRanges).length > 0) {
                report(resource, publicPath(model, list(access.authorizedIPRanges), "apiServerAccessProfile.authorizedIPRanges"));
            }
        }

        for (const { resource, props } of ofType(resources, "azure-native:containerregistry:Registry")) {
            if (props.publicNetworkAccess === "Disabled") {
                report(resource, privatePath(model, vnet, REGISTRY_ZONE, "publicNetworkAccess", "the registry"));
                // Pushes resolve the registry's name: they wait for its private DNS records.
                const zoneGroups = ofType(resources, "azure-native:network:PrivateDnsZoneGroup").filter(({ props: g }) =>
                    list(g.privateDnsZoneConfigs).some((c) => lastSegment(record(c)?.privateDnsZoneId) === REGISTRY_ZONE),
                );
                for (const image of ofType(resources, "docker-build:index:Image")) {
                    const pushesHere = list(image.props.registries).some((r) => same(record(r)?.address, props.loginServer ?? `${props.registryName}.azurecr.io`));
                    const waits = waitsFor(image.resource);
                    if (pushesHere && image.props.push !== false && zoneGroups.length > 0 && !zoneGroups.every((g) => waits.includes(g.resource))) {
                        report(image.resource, [
                            {
                                field: "registries",
                                actual: "a push to the private registry that does not wait for its private DNS zone group",
                                expected: `a dependency on ${zoneGroups.map((g) => g.resource.name).join(", ")}`,
                                fix: "take the registry's login server from ContainerRegistry.loginServer (it waits for the zone group and the runners' zone links)",
                            },
                        ]);
                    }
                }
            } else if (record(props.networkRuleSet)?.defaultAction === "Deny") {
                report(resource, publicPath(model, list(record(props.networkRuleSet)?.ipRules).map((r) => record(r)?.iPAddressOrRange), "networkRuleSet.ipRules"));
            }
        }

        for (const { resource, props } of ofType(resources, "azure-native:dashboard:Grafana")) {
            if (at(props, ["properties", "publicNetworkAccess"]) === "Disabled") {
                report(resource, privatePath(model, vnet, GRAFANA_ZONE, "properties.publicNetworkAccess", "Grafana"));
            }
        }

        const nodeNsg = nodeSubnetNsg(resources);
        for (const { resource, props } of ofType(resources, "kubernetes:kafka.strimzi.io/v1:Kafka")) {
            const internal = at(props, ["spec", "kafka", "template", "externalBootstrapService", "metadata", "annotations", INTERNAL_LB]) === "true";
            list(at(props, ["spec", "kafka", "listeners"])).forEach((l, i) => {
                const listener = record(l);
                if (listener?.type !== "loadbalancer") {
                    return;
                }
                const field = `spec.kafka.listeners[${i}] (listener "${listener.name}")`;
                if (internal) {
                    report(resource, vnetPath(model, vnet, field, "the admin listener's internal load balancer"));
                    return;
                }
                const ranges = list(at(listener, ["configuration", "loadBalancerSourceRanges"]));
                if (ranges.length > 0) {
                    report(resource, publicPath(model, ranges, `${field}.configuration.loadBalancerSourceRanges`));
                }
                const port = Number(listener.port);
                const blocked = runner.runnerSourceRanges.filter((source) => nodeNsg && !nsgAllows(list(nodeNsg.props.securityRules).map((r) => record(r) ?? {}), port, source));
                if (nodeNsg && blocked.length > 0) {
                    report(nodeNsg.resource, [
                        {
                            field: "securityRules",
                            actual: `no rule lets ${show(blocked)} in on port ${port} before a deny (the Kafka admin listener's public load balancer sits behind it)`,
                            expected: `an Allow rule for TCP ${port} from the runner's ranges, at a priority before the deny rules`,
                            fix: "let the Network component open the port from the admin ranges (nodeInbound; the stack's kafkaAdminSourceRanges)",
                        },
                    ]);
                }
            });
        }
        return found;
    },
);

/** The NSG of the cluster's node subnet, when the stack declares both. */
function nodeSubnetNsg(resources: readonly StackResource[]): { resource: StackResource; props: Json } | undefined {
    const cluster = ofType(resources, "azure-native:containerservice:ManagedCluster")[0];
    const subnetName = lastSegment(cluster ? at(cluster.props, ["agentPoolProfiles", 0, "vnetSubnetID"]) : undefined);
    const subnet = ofType(resources, "azure-native:network:Subnet").find(({ props }) => same(props.subnetName, subnetName));
    const nsgName = lastSegment(subnet ? at(subnet.props, ["networkSecurityGroup", "id"]) : undefined);
    return ofType(resources, "azure-native:network:NetworkSecurityGroup").find(({ props }) => same(props.networkSecurityGroupName, nsgName));
}
