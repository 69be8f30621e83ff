import * as assert from "node:assert/strict";
import { noLiteralSecretsInEnv, secretValueKind } from "../../../policy/rules/kubernetes/no-literal-secrets-in-env";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(noLiteralSecretsInEnv, {
    good: deployment,
    compliant: [
        ["a secret from a secretKeyRef", (r) => (container(r).env = [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "api", key: "REDIS_PASSWORD" } } }])],
        ["plain settings as literals", (r) => (container(r).env = [{ name: "EVENTS_TOPIC", value: "web.event.received" }])],
        ["a CA certificate, a URL without a password and a UUID", (r) => (container(r).env = [
            { name: "KAFKA_CA_CERT", value: "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n" },
            { name: "CATALOG_URI", value: "https://user@catalog.example.com:8181/api/catalog" },
            { name: "AZURE_CLIENT_ID", value: "00000000-0000-0000-0000-0000000000c1" },
        ])],
    ],
    bad: [
        ["a literal password", (r) => (container(r).env = [{ name: "REDIS_PASSWORD", value: "hunter2" }]), 'env[0].value (REDIS_PASSWORD) (container "api") is a literal value (not shown)'],
        ["a literal api key", (r) => (container(r).env = [{ name: "stripe_api_key", value: "sk_live" }]), "env[0].value (stripe_api_key)"],
        ["a private key under a harmless name", (r) => (container(r).env = [{ name: "TLS_MATERIAL", value: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----" }]), "is a literal value that is a PEM private key (not shown)"],
        ["a database URL with a password", (r) => (container(r).env = [{ name: "DATABASE_URL", value: "postgres://app:s3cret@db.example.com:5432/app" }]), "is a literal value that is a URL with a password (not shown)"],
        ["a storage connection string", (r) => (container(r).env = [{ name: "STORAGE", value: `DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=${"a".repeat(86)}==;EndpointSuffix=core.windows.net` }]), "is a literal value that is a connection string with a password or key (not shown)"],
        ["a SAS URL", (r) => (container(r).env = [{ name: "EXPORT_URL", value: "https://lake.blob.core.windows.net/c?sv=2024-11-04&se=2026-12-01&sp=r&sig=AbCdEfGhIjKlMnOpQrStUvWx%3D" }]), "is a literal value that is an Azure SAS token (not shown)"],
        ["a JWT", (r) => (container(r).env = [{ name: "UPSTREAM_AUTH", value: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ" }]), "is a literal value that is a JWT (not shown)"],
        ["a storage account key", (r) => (container(r).env = [{ name: "LAKE", value: `${"Zm9v".repeat(21)}ab==` }]), "is a literal value that is an Azure storage account key (not shown)"],
    ],
});

describe("policy no-literal-secrets-in-env: secret values", () => {
    it("ordinary settings are not secrets", () => {
        for (const value of ["web.event.received", "platform-kafka-bootstrap.kafka.svc:9093", "https://login.microsoftonline.com/", "SCRAM-SHA-512", "true", "60", "abfss://c@a.dfs.core.windows.net/x", "eyJ only a prefix", "password=", "Zm9v=="]) {
            assert.equal(secretValueKind(value), undefined, value);
        }
    });
});
