import * as pulumi from "@pulumi/pulumi";
import { Acl } from "@pulumi/kafka/acl";
import { getTopicsOutput } from "@pulumi/kafka/getTopics";
import { Provider } from "@pulumi/kafka/provider";
import { Topic } from "@pulumi/kafka/topic";
import { UserScramCredential } from "@pulumi/kafka/userScramCredential";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { clientMechanism, scramMechanism, type KafkaConnection } from "./connection";
import { grantKey, partitionShrinks, TopicCatalogError, type CatalogPlan, type LiveTopic } from "./topic-plan";

/** SCRAM iterations of the users Pulumi creates (Kafka's minimum is 4096). */
const SCRAM_ITERATIONS = 8192;
/** Seconds the provider waits for the brokers (a new cluster's load balancer takes a while). */
const PROVIDER_TIMEOUT_SECONDS = 120;

/**
 * Resolves when no planned topic has fewer partitions than the cluster reports; otherwise rejects
 * with a TopicCatalogError naming each such topic. Every topic's partition count waits on it.
 */
export function partitionGuard(plan: Pick<CatalogPlan, "topics">, live: pulumi.Output<{ readonly lists?: readonly LiveTopic[] }>): pulumi.Output<true> {
    return live.apply((result) => {
        const shrinks = partitionShrinks(plan, result.lists ?? []);
        if (shrinks.length > 0) {
            throw new TopicCatalogError(shrinks);
        }
        return true as const;
    });
}

export interface TopicCatalogArgs {
    /** The validated catalog (planCatalog). */
    readonly plan: CatalogPlan;
    readonly connection: KafkaConnection;
    /**
     * Create topics with `protect: true`, so no update or destroy deletes their data.
     * @default false
     */
    readonly protect?: boolean;
}

/** A service's Kafka identity and how it connects. */
export interface ServiceKafkaAccess {
    readonly username: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;
    /** For the service's environment: KAFKA_SASL_MECHANISM. */
    readonly mechanism: string;
    readonly bootstrapServers: string;
    readonly caCertificate: pulumi.Output<string>;
}

/**
 * The topic catalog applied through the Kafka admin API (`@pulumi/kafka`): one provider from the
 * connection; per entry a topic, a dead-letter topic per consumer group and least-privilege ACLs;
 * a SCRAM user per service (or the given credentials of an external Kafka). Before any topic
 * changes, the cluster's current partition counts are read: a catalog that would shrink a topic
 * fails the preview instead of recreating the topic.
 */
/** A Kafka client's environment: plain settings for its ConfigMap, credentials and CA for its Secret. */
export function kafkaClientEnvironment(access: ServiceKafkaAccess) {
    return {
        config: { KAFKA_SASL_MECHANISM: access.mechanism, KAFKA_TLS: "true" },
        secrets: { KAFKA_USERNAME: access.username, KAFKA_PASSWORD: access.password, KAFKA_CA_CERT: access.caCertificate },
    };
}

export class TopicCatalog extends pulumi.ComponentResource {
    readonly provider: Provider;
    /** Topic names, dead-letter topics included. */
    readonly topicNames: readonly string[];
    /** Each producing or consuming service's credentials and connection. */
    readonly access: Readonly<Record<string, ServiceKafkaAccess>>;

    constructor(name: string, args: TopicCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kafka:TopicCatalog", name, {}, opts);
        const { plan, connection } = args;
        const missing = connection.createsServiceUsers ? [] : plan.services.filter((s) => !connection.serviceCredentials?.[s]);
        if (missing.length > 0) {
            throw new TopicCatalogError(missing.map((s) => ({ path: s, value: "(no credentials)", expected: "credentials in kafkaServiceCredentials (this Kafka's users are not created by Pulumi)" })));
        }

        this.provider = new Provider(
            `${name}-provider`,
            {
                bootstrapServers: connection.adminBootstrapServers,
                tlsEnabled: true,
                caCert: pulumi.output(connection.caCertificate).apply((pem) => (pem === "" ? undefined : pem)) as pulumi.Input<string>,
                saslMechanism: connection.saslMechanism,
                saslUsername: connection.adminUsername,
                saslPassword: pulumi.secret(connection.adminPassword),
                timeout: PROVIDER_TIMEOUT_SECONDS,
            },
            { parent: this },
        );
        const child = { parent: this, provider: this.provider };

        // Partition counts can only grow: compare with the live cluster before touching any topic.
        const guard = partitionGuard(plan, getTopicsOutput({ parent: this, provider: this.provider }));

        this.topicNames = plan.topics.map((t) => t.name);
        for (const topic of plan.topics) {
            new Topic(
                `${name}-${topic.name}`,
                {
                    name: topic.name,
                    partitions: guard.apply(() => topic.partitions),
                    replicationFactor: topic.replicationFactor,
                    config: { ...topic.config },
                },
                { ...child, protect: args.protect ?? false },
            );
        }

        const credentials: Record<string, { username: pulumi.Input<string>; password: pulumi.Input<string>; principal: pulumi.Input<string> }> = {};
        for (const service of plan.services) {
            const given = connection.serviceCredentials?.[service];
            if (given) {
                credentials[service] = { ...given, principal: given.principal ?? pulumi.interpolate`User:${given.username}` };
                continue;
            }
            const username = `${connection.serviceUserPrefix}${service}`;
            const password = new RandomPassword(`${name}-${service}-password`, { length: 32, special: false }, { parent: this }).result;
            const user = new UserScramCredential(
                `${name}-${service}-user`,
                { username, scramMechanism: scramMechanism(connection.saslMechanism), scramIterations: SCRAM_ITERATIONS, password },
                child,
            );
            credentials[service] = { username: user.username, password, principal: pulumi.interpolate`User:${user.username}` };
        }

        for (const grant of plan.grants) {
            new Acl(
                `${name}-${grantKey(grant)}`,
                {
                    aclPrincipal: credentials[grant.service].principal,
                    aclHost: "*",
                    aclOperation: grant.operation,
                    aclPermissionType: "Allow",
                    aclResourceType: grant.resourceType,
                    aclResourceName: grant.resourceName,
                    resourcePatternTypeFilter: grant.pattern ?? "Literal",
                },
                child,
            );
        }

        const ca = pulumi.output(connection.caCertificate);
        this.access = Object.fromEntries(
            Object.entries(credentials).map(([service, c]) => [
                service,
                {
                    username: pulumi.output(c.username),
                    password: pulumi.secret(c.password),
                    mechanism: clientMechanism(connection.saslMechanism),
                    bootstrapServers: connection.clientBootstrapServers,
                    caCertificate: ca,
                },
            ]),
        );
        this.registerOutputs({ topicNames: this.topicNames });
    }
}
