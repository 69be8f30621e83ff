import * as assert from "node:assert/strict";
import { BUILTIN_ROLES } from "../../../components/azure/roles";
import { serviceAccountSubject, WorkloadIdentity, WORKLOAD_IDENTITY_AUDIENCE } from "../../../components/azure/workload-identity";
import { capture, valueOf } from "../../support/harness";

const ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/issuer/";
const LAKE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake";

describe("components/azure/WorkloadIdentity", () => {
    it("federates one ServiceAccount with the cluster's issuer and assigns the grants it is given", async () => {
        const captured = await capture(
            () =>
                new WorkloadIdentity("wi-flink", {
                    resourceGroupName: "rg",
                    location: "westeurope",
                    identityName: "p-unit-flink-wi",
                    oidcIssuerUrl: ISSUER,
                    serviceAccount: { namespace: "flink", name: "flink" },
                    grants: [{ role: "Storage Blob Data Contributor", scope: LAKE, label: "lake-rw" }],
                }),
        );
        const component = captured.one("streaming-platform:azure:WorkloadIdentity");
        const credential = captured.one("azure-native:managedidentity:FederatedIdentityCredential");
        assert.equal(credential.inputs.issuer, ISSUER);
        assert.equal(credential.inputs.subject, "system:serviceaccount:flink:flink");
        assert.deepEqual(credential.inputs.audiences, [WORKLOAD_IDENTITY_AUDIENCE]);
        assert.equal(credential.inputs.resourceName, "p-unit-flink-wi");
        const grant = captured.one("azure-native:authorization:RoleAssignment");
        assert.equal(grant.name, "wi-flink-lake-rw");
        assert.equal(grant.inputs.scope, LAKE);
        assert.equal(grant.inputs.principalType, "ServicePrincipal");
        assert.match(String(grant.inputs.roleDefinitionId), new RegExp(`^/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${BUILTIN_ROLES["Storage Blob Data Contributor"]}$`));
        assert.ok([credential, grant, captured.one("azure-native:managedidentity:UserAssignedIdentity")].every((r) => r.parent === component.urn));
        assert.match(await valueOf(captured.value.clientId), /^00000000-/);
    });

    it("refuses a ServiceAccount that is not a Kubernetes name, naming both parts", () => {
        assert.throws(
            () => serviceAccountSubject({ namespace: "Flink", name: "-sa" }),
            /invalid ServiceAccount: namespace "Flink" is not a Kubernetes name .*; name "-sa" is not a Kubernetes name/,
        );
    });
});
