import { ofType } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * Every consumer group (an ACL granting Read on a Group) has a dead-letter topic for each topic its
 * principal reads, `<topic>.<group>.dlt`, and may write it: a poison message is parked, not retried forever.
 */
export const consumerGroupDeadLetter = stackRule(
    {
        name: "consumer-group-dead-letter",
        description: "Every consumer group has a dead-letter topic <topic>.<group>.dlt per topic it reads, which its principal may write.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Declare the consumer in the catalog entry's consumers; TopicCatalog creates its dead-letter topic and the Write ACL.",
    },
    (resources) => {
        const topics = new Set(ofType(resources, "kafka:index/topic:Topic").map(({ props }) => props.name));
        const acls = ofType(resources, "kafka:index/acl:Acl").map(({ resource, props }) => ({ resource, props }));
        const grants = (principal: string, type: string, operation: string) =>
            acls.filter(({ props }) => props.aclPrincipal === principal && props.aclResourceType === type && props.aclOperation === operation && props.aclPermissionType !== "Deny");
        return acls
            .filter(({ props }) => props.aclResourceType === "Group" && props.aclOperation === "Read")
            .flatMap(({ resource, props }) =>
                grants(props.aclPrincipal, "Topic", "Read")
                    .map((read) => String(read.props.aclResourceName))
                    .filter((topic) => !topic.endsWith(".dlt"))
                    .flatMap((topic) => {
                        const deadLetter = `${topic}.${props.aclResourceName}.dlt`;
                        if (!topics.has(deadLetter)) {
                            return [{ resource, violation: { field: "aclResourceName (consumer group)", actual: `${show(props.aclResourceName)} reads ${topic}, no topic ${deadLetter}`, expected: `a dead-letter topic ${deadLetter}`, fix: "declare the consumer in the catalog entry's consumers" } }];
                        }
                        if (grants(props.aclPrincipal, "Topic", "Write").every((w) => w.props.aclResourceName !== deadLetter)) {
                            return [{ resource, violation: { field: "aclPrincipal", actual: `${props.aclPrincipal} cannot write ${deadLetter}`, expected: "Write on its dead-letter topic", fix: "grant the consumer Write on its dead-letter topic (the catalog does)" } }];
                        }
                        return [];
                    }),
            );
    },
);
