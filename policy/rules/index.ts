/** Every rule of the pack, by area. Adding a rule: one file under rules/<area>/, then list it here. */
import type { Policies } from "@pulumi/policy";
import { acrAdminDisabled } from "./azure/acr-admin-disabled";
import { acrPremiumPrivate } from "./azure/acr-premium-private";
import { aksApiServerAccess } from "./azure/aks-api-server-access";
import { aksAzurePolicyAddon } from "./azure/aks-azure-policy-addon";
import { aksAzureRbac } from "./azure/aks-azure-rbac";
import { aksLocalAccountsDisabled } from "./azure/aks-local-accounts-disabled";
import { aksNetworkPolicy } from "./azure/aks-network-policy";
import { aksUpgradeChannel } from "./azure/aks-upgrade-channel";
import { aksWorkloadIdentity } from "./azure/aks-workload-identity";
import { aksZones } from "./azure/aks-zones";
import { kubernetesProviderNoStaticCredentials } from "./azure/kubernetes-provider-no-static-credentials";
import { lifecycleSparesTableData } from "./azure/lifecycle-spares-table-data";
import { logAnalyticsRetention } from "./azure/log-analytics-retention";
import { resourceGroupTags } from "./azure/resource-group-tags";
import { statefulResourcesProtected } from "./azure/stateful-resources-protected";
import { storageRedundancy } from "./azure/storage-redundancy";
import { storageSecureTransport } from "./azure/storage-secure-transport";
import { storageSharedKeyDisabled } from "./azure/storage-shared-key-disabled";
import { storageSoftDelete } from "./azure/storage-soft-delete";
import { containerResources } from "./kubernetes/container-resources";
import { dropAllCapabilities } from "./kubernetes/drop-all-capabilities";
import { hpaOwnsReplicas } from "./kubernetes/hpa-owns-replicas";
import { imagesFromStackRegistry } from "./kubernetes/images-from-stack-registry";
import { livenessProbe } from "./kubernetes/liveness-probe";
import { minimumReplicas } from "./kubernetes/minimum-replicas";
import { networkPolicyCoverage } from "./kubernetes/network-policy-coverage";
import { noDefaultNamespace } from "./kubernetes/no-default-namespace";
import { noHostNamespaces } from "./kubernetes/no-host-namespaces";
import { noHostPath } from "./kubernetes/no-host-path";
import { noHostPorts } from "./kubernetes/no-host-ports";
import { noLiteralSecretsInEnv } from "./kubernetes/no-literal-secrets-in-env";
import { noPrivilegeEscalation } from "./kubernetes/no-privilege-escalation";
import { noPrivilegedContainers } from "./kubernetes/no-privileged-containers";
import { pdbForReplicatedWorkloads } from "./kubernetes/pdb-for-replicated-workloads";
import { probePortDeclared } from "./kubernetes/probe-port-declared";
import { readOnlyRootFilesystem } from "./kubernetes/read-only-root-filesystem";
import { readinessProbe } from "./kubernetes/readiness-probe";
import { rollingUpdateKeepsCapacity } from "./kubernetes/rolling-update-keeps-capacity";
import { runAsNonRoot } from "./kubernetes/run-as-non-root";
import { seccompRuntimeDefault } from "./kubernetes/seccomp-runtime-default";
import { selectorMatchesTemplate } from "./kubernetes/selector-matches-template";
import { serviceSelectsPods } from "./kubernetes/service-selects-pods";
import { serviceType } from "./kubernetes/service-type";
import { statefulsetHeadlessService } from "./kubernetes/statefulset-headless-service";
import { buildPushesToStackRegistry } from "./images/build-pushes-to-stack-registry";
import { registryWritesAfterGrant } from "./images/registry-writes-after-grant";
import { buildUsesRegistryCache } from "./images/build-uses-registry-cache";
import { noLatestTag } from "./images/no-latest-tag";
import { noSecretsInBuildArgs } from "./images/no-secrets-in-build-args";
import { pinnedByDigest } from "./images/pinned-by-digest";
import { consumerGroupDeadLetter } from "./kafka/consumer-group-dead-letter";
import { topicNamePattern } from "./kafka/topic-name-pattern";
import { topicReplication } from "./kafka/topic-replication";
import { topicRetentionExplicit } from "./kafka/topic-retention-explicit";
import { durableCheckpoints } from "./flink/durable-checkpoints";
import { kubernetesAccessBeforeUse } from "./azure/kubernetes-access-before-use";
import { pdbAllowsDisruption } from "./kubernetes/pdb-allows-disruption";
import { noServiceAccountToken } from "./kubernetes/no-service-account-token";
import { customResourcesAfterDefinitions } from "./kubernetes/custom-resources-after-definitions";
import { noWindowsHostProcess } from "./kubernetes/no-windows-host-process";
import { noHostProbes } from "./kubernetes/no-host-probes";
import { apparmorProfile } from "./kubernetes/apparmor-profile";
import { selinuxOptions } from "./kubernetes/selinux-options";
import { defaultProcMount } from "./kubernetes/default-proc-mount";
import { safeSysctls } from "./kubernetes/safe-sysctls";
import { restrictedVolumeTypes } from "./kubernetes/restricted-volume-types";
import { runAsNonRootUser } from "./kubernetes/run-as-non-root-user";
import { deployEndpointsReachable } from "./azure/deploy-endpoints-reachable";
import { namespacePodSecurity } from "./kubernetes/namespace-pod-security";
import { flinkStorageWorkloadIdentity } from "./flink/flink-storage-workload-identity";
import { namespacedObjectsAfterNamespace } from "./kubernetes/namespaced-objects-after-namespace";
import { secretsFromKeyVault } from "./kubernetes/secrets-from-key-vault";
import { signedImagesOnly } from "./azure/signed-images-only";

export const policies: Policies = [
    // azure
    acrAdminDisabled, acrPremiumPrivate, aksApiServerAccess, aksAzurePolicyAddon, aksAzureRbac, aksLocalAccountsDisabled, aksNetworkPolicy, aksUpgradeChannel, aksWorkloadIdentity, aksZones, deployEndpointsReachable, kubernetesAccessBeforeUse, kubernetesProviderNoStaticCredentials, lifecycleSparesTableData, logAnalyticsRetention, resourceGroupTags, signedImagesOnly, statefulResourcesProtected, storageRedundancy, storageSecureTransport, storageSharedKeyDisabled, storageSoftDelete,
    // kubernetes
    apparmorProfile, containerResources, customResourcesAfterDefinitions, defaultProcMount, dropAllCapabilities, hpaOwnsReplicas, imagesFromStackRegistry, livenessProbe, minimumReplicas, namespacedObjectsAfterNamespace, namespacePodSecurity, networkPolicyCoverage, noDefaultNamespace, noHostNamespaces, noHostPath, noHostPorts, noHostProbes, noLiteralSecretsInEnv, noPrivilegeEscalation, noPrivilegedContainers, noServiceAccountToken, noWindowsHostProcess, pdbAllowsDisruption, pdbForReplicatedWorkloads, probePortDeclared, readOnlyRootFilesystem, readinessProbe, restrictedVolumeTypes, rollingUpdateKeepsCapacity, runAsNonRoot, runAsNonRootUser, safeSysctls, seccompRuntimeDefault, secretsFromKeyVault, selectorMatchesTemplate, selinuxOptions, serviceSelectsPods, serviceType, statefulsetHeadlessService,
    // images
    buildPushesToStackRegistry, buildUsesRegistryCache, noLatestTag, noSecretsInBuildArgs, pinnedByDigest, registryWritesAfterGrant,
    // kafka
    consumerGroupDeadLetter, topicNamePattern, topicReplication, topicRetentionExplicit,
    // flink
    durableCheckpoints, flinkStorageWorkloadIdentity,
];
