import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { ImageVerification, ratifyImageValues, RATIFY_PROVIDER, VERIFICATION_TEMPLATE, verificationPolicyRule } from "../../../components/azure/image-verification";
import { capture } from "../../support/harness";

const RATIFY = `prodacr.azurecr.io/mirror/ratify-project/ratify:v1.4.0@sha256:${"e0".repeat(32)}`;

describe("components/azure/ImageVerification", () => {
    it("the constraint sends every container, init and ephemeral container image to Ratify and denies on errors and failed verifications", () => {
        for (const field of ["containers", "initContainers", "ephemeralContainers"]) assert.ok(VERIFICATION_TEMPLATE.includes(`spec.${field}[_].image`), field);
        assert.ok(VERIFICATION_TEMPLATE.includes(`external_data({"provider": "${RATIFY_PROVIDER}"`));
        for (const cause of ["verdict.system_error", "count(verdict.errors) > 0", "isSuccess == false"]) assert.ok(VERIFICATION_TEMPLATE.includes(cause), cause);
        const rule = verificationPolicyRule(VERIFICATION_TEMPLATE) as any;
        assert.equal(Buffer.from(rule.then.details.templateInfo.content, "base64").toString("utf8"), VERIFICATION_TEMPLATE);
        assert.deepEqual(rule.then.details.kinds, ["Pod"]);
    });

    it("Ratify runs its image by digest (the chart's tag carries it)", () => {
        assert.deepEqual(ratifyImageValues(RATIFY), { repository: "prodacr.azurecr.io/mirror/ratify-project/ratify", tag: `v1.4.0@sha256:${"e0".repeat(32)}` });
    });

    it("Ratify trusts the stack registry's Notation signatures from the Key Vault certificates (current and previous generation), and the assignment carries the effect and namespaces", async () => {
        const captured = await capture(
            () =>
                new ImageVerification("image-verification", {
                    image: RATIFY,
                    clientId: "ratify-client",
                    tenantId: "tenant",
                    vaultUri: "https://prodkv.vault.azure.net/",
                    certificates: ["image-signing-2", "image-signing-1"],
                    subject: "CN=x,O=y,ST=z,C=ZZ",
                    registry: "prodacr.azurecr.io",
                    clusterId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
                    namespaces: ["apps", "data"],
                    effect: "Deny",
                    definitionName: "platform-prod-signed-images-only",
                    provider: new Provider("verify-k8s", { kubeconfig: "unused" }),
                }),
        );
        const values = (captured.one("kubernetes:helm.sh/v3:Release").inputs as any).values;
        assert.deepEqual(values.azurekeyvault.certificates, [{ name: "image-signing-2" }, { name: "image-signing-1" }]);
        assert.deepEqual(values.notation.trustPolicies[0].registryScopes, ["prodacr.azurecr.io"]);
        assert.deepEqual(values.notation.trustPolicies[0].trustedIdentities, ["x509.subject: CN=x,O=y,ST=z,C=ZZ"]);
        assert.equal(values.upgradeCRDs.enabled, false);
        assert.equal(values.cosign.enabled, false);
        const assignment = captured.one("azure-native:authorization:PolicyAssignment").inputs as any;
        assert.deepEqual(assignment.parameters, { effect: { value: "Deny" }, namespaces: { value: ["apps", "data"] } });
        assert.equal(captured.one("azure-native:authorization:PolicyDefinition").inputs.mode, "Microsoft.Kubernetes.Data");
    });
});
