import { changeOne, type Expected } from "./fixture";

/** prod's private cluster back on AKS's own DNS zone: linked to the cluster's VNet only, so the peered runner cannot resolve the API server. */
export const transform = changeOne("azure-native:containerservice:ManagedCluster", "aks-cluster", (props) => {
    props.apiServerAccessProfile = { ...props.apiServerAccessProfile, privateDNSZone: "system" };
});
export const expected: Expected = {
    policy: "deploy-endpoints-reachable",
    message: 'azure-native:containerservice:ManagedCluster "aks-cluster": apiServerAccessProfile.privateDNSZone is "system" (AKS\'s own zone, linked to the cluster\'s VNet only)',
};
