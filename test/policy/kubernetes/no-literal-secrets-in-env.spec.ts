import { noLiteralSecretsInEnv } from "../../../policy/rules/kubernetes/no-literal-secrets-in-env";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(noLiteralSecretsInEnv, {
    good: deployment,
    compliant: [
        ["a secret from a secretKeyRef", (r) => (container(r).env = [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "api", key: "REDIS_PASSWORD" } } }])],
        ["plain settings as literals", (r) => (container(r).env = [{ name: "EVENTS_TOPIC", value: "web.event.received" }])],
    ],
    bad: [
        ["a literal password", (r) => (container(r).env = [{ name: "REDIS_PASSWORD", value: "hunter2" }]), 'env[0].value (REDIS_PASSWORD) (container "api") is a literal value (not shown)'],
        ["a literal api key", (r) => (container(r).env = [{ name: "stripe_api_key", value: "sk_live" }]), "env[0].value (stripe_api_key)"],
    ],
});
