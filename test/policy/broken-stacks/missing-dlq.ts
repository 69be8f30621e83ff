import { changeOne, type Expected } from "./fixture";

/** The worker may no longer write its dead-letter topic (its Write ACL points at the input topic instead). */
export const transform = changeOne("kafka:index/acl:Acl", "topics-worker-write-topic-web.event.received.worker.dlt", (props) => {
    props.aclResourceName = "web.event.received";
});
export const expected: Expected = { policy: "consumer-group-dead-letter", message: "cannot write web.event.received.worker.dlt; expected Write on its dead-letter topic" };
