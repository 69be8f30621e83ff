import * as assert from "node:assert/strict";
import { KeyVault, KEY_VAULT_SOFT_DELETE_DAYS } from "../../../components/azure/key-vault";
import { SigningCertificate, certificateCommand, signingCertificateName, signingCertificatePolicy, signingSubject } from "../../../components/azure/signing-certificate";
import { secretVersion, vaultSecretName, WorkloadSecrets } from "../../../components/azure/workload-secrets";
import { capture, valueOf } from "../../support/harness";

const placement = { resourceGroupName: "rg", location: "westeurope" };
const zones = { subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe", dnsZoneIds: { "privatelink.vaultcore.azure.net": "/zone/kv" } };

describe("components/azure/KeyVault", () => {
    it("RBAC only, soft delete for the maximum with purge protection, nothing enabled for VMs or templates; public with Entra ID only without a private link", async () => {
        const captured = await capture(() => new KeyVault("kv", { ...placement, vaultName: "platformdevkv123456", tenantId: "tenant" }));
        const vault = captured.one("azure-native:keyvault:Vault").inputs as any;
        assert.deepEqual(vault.properties, {
            tenantId: "tenant",
            sku: { family: "A", name: "standard" },
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
            enablePurgeProtection: true,
            enabledForDeployment: false,
            enabledForDiskEncryption: false,
            enabledForTemplateDeployment: false,
            publicNetworkAccess: "Enabled",
            networkAcls: { bypass: "AzureServices", defaultAction: "Allow" },
        });
        assert.equal(captured.ofType("azure-native:network:PrivateEndpoint").length, 0);
        assert.equal(await valueOf(captured.value.vaultUri), "https://platformdevkv123456.vault.azure.net/");
    });

    it("with a private link: public access off, default deny, an endpoint in the vault's zone, and the URI known once its name resolves there", async () => {
        const captured = await capture(() => new KeyVault("kvp", { ...placement, vaultName: "platformprodkv123456", tenantId: "tenant", privateLink: zones, endpointName: (g) => `kv-${g}-pe` }));
        const vault = captured.one("azure-native:keyvault:Vault").inputs as any;
        assert.equal(vault.properties.publicNetworkAccess, "Disabled");
        assert.equal(vault.properties.networkAcls.defaultAction, "Deny");
        const endpoint = captured.one("azure-native:network:PrivateEndpoint").inputs as any;
        assert.deepEqual(endpoint.privateLinkServiceConnections[0].groupIds, ["vault"]);
        assert.equal((captured.one("azure-native:network:PrivateDnsZoneGroup").inputs as any).privateDnsZoneConfigs[0].privateDnsZoneId, "/zone/kv");
        assert.throws(() => new KeyVault("kvx", { ...placement, vaultName: "x", tenantId: "t", privateLink: zones }), /privateLink needs endpointName/);
    });
});

describe("components/azure/WorkloadSecrets", () => {
    it("one secret per setting named <owner>-<setting>, each readable by the owner alone (a grant scoped to that secret); versions wait for the grant", async () => {
        const captured = await capture(() => {
            const vault = new KeyVault("kvw", { ...placement, vaultName: "platformkvw", tenantId: "tenant" });
            return new WorkloadSecrets("secrets-api", { vault, resourceGroupName: "rg", owner: "api", values: { KAFKA_PASSWORD: "k", REDIS_PASSWORD: "r" }, reader: { principalId: "api-principal", principalType: "ServicePrincipal" } });
        });
        const secrets = captured.ofType("azure-native:keyvault:Secret").map((r) => r.inputs as any);
        assert.deepEqual(secrets.map((s) => s.secretName).sort(), ["api-kafka-password", "api-redis-password"]);
        const grants = captured.ofType("azure-native:authorization:RoleAssignment").map((r) => r.inputs as any);
        assert.equal(grants.length, 2);
        for (const grant of grants) {
            assert.equal(grant.principalId, "api-principal");
            assert.match(grant.scope, /\/providers\/Microsoft\.KeyVault\/vaults\/platformkvw\/secrets\/api-(kafka|redis)-password$/);
            assert.match(grant.roleDefinitionId, /4633458b-17de-408a-b874-0445c86b69e6$/, "Key Vault Secrets User");
        }
        const objects = captured.value.objects;
        assert.deepEqual(Object.keys(objects).sort(), ["KAFKA_PASSWORD", "REDIS_PASSWORD"]);
        assert.match(await valueOf(objects.KAFKA_PASSWORD.version), /^[0-9a-f]{32}$/);
    });

    it("names: kebab case within Key Vault's alphabet; a version is read from the versioned URI and nothing else", () => {
        assert.equal(vaultSecretName("flink-event-count", "KAFKA_PASSWORD"), "flink-event-count-kafka-password");
        assert.equal(vaultSecretName("lakekeeper", "LAKEKEEPER__PG_PASSWORD"), "lakekeeper-lakekeeper-pg-password");
        assert.equal(secretVersion(`https://kv.vault.azure.net/secrets/api-kafka-password/${"a1".repeat(16)}`), "a1".repeat(16));
        assert.throws(() => secretVersion("https://kv.vault.azure.net/secrets/api-kafka-password"), /expected https:\/\/<vault>\.vault\.azure\.net\/secrets\/<name>\/<32 hex digits of version>/);
    });

    it("refuses two settings that would share a vault name, before creating anything", () => {
        assert.throws(
            () => new WorkloadSecrets("secrets-x", { vault: { vaultName: "v", vaultId: "id" } as any, resourceGroupName: "rg", owner: "x", values: { A_B: "1", "a-b": "2" }, reader: { principalId: "p" } }),
            /settings a-b map to vault names already taken \(x-a-b\); rename one/,
        );
    });
});

describe("components/azure/SigningCertificate", () => {
    it("a self-signed code-signing certificate the Notary Project accepts: RSA 3072, key not exportable, subject with C, ST and O", () => {
        const subject = signingSubject("streaming-platform", "prod");
        assert.equal(subject, "CN=streaming-platform prod images,O=streaming-platform,ST=Unspecified,C=ZZ");
        const policy = signingCertificatePolicy(subject) as any;
        assert.deepEqual(policy.x509CertificateProperties.ekus, ["1.3.6.1.5.5.7.3.3"]);
        assert.deepEqual(policy.x509CertificateProperties.keyUsage, ["digitalSignature"]);
        assert.deepEqual(policy.keyProperties, { exportable: false, keyType: "RSA", keySize: 3072, reuseKey: false });
        assert.equal(policy.issuerParameters.name, "Self");
    });

    it("a generation names the certificate; a new generation is a new certificate; nothing below 1", () => {
        assert.equal(signingCertificateName(1), "image-signing-1");
        assert.equal(signingCertificateName(2), "image-signing-2");
        assert.throws(() => signingCertificateName(0), /generation 0: expected a whole number from 1/);
    });

    it("creates the certificate only when missing, then prints its key id; the key id is what signatures use", async () => {
        const command = certificateCommand("prodkv", "image-signing-1", "CN=x,O=y,ST=z,C=ZZ");
        assert.match(command, /^\(az keyvault certificate show --vault-name 'prodkv' --name 'image-signing-1' --only-show-errors --output none 2>\/dev\/null \|\| az keyvault certificate create /);
        assert.match(command, / && az keyvault certificate show --vault-name 'prodkv' --name 'image-signing-1' --only-show-errors --query kid --output tsv$/);
        const captured = await capture(() => new SigningCertificate("image-signing", { vaultName: "prodkv", vaultUri: "https://prodkv.vault.azure.net/", generation: 1, subject: "CN=x,O=y,ST=z,C=ZZ", grants: ["grant-1"] }));
        assert.match(await valueOf(captured.value.keyId), /^https:\/\/prodkv\.vault\.azure\.net\/keys\/image-signing-1\/[0-9a-f]{32}$/);
    });
});
