import { changeOne, type Expected } from "./fixture";

/** A topic named outside the <domain>.<entity>.<event> scheme. */
export const transform = changeOne("kafka:index/topic:Topic", "topics-web.event.counted", (props) => {
    props.name = "WebEventCounted";
});
export const expected: Expected = { policy: "topic-name-pattern", message: 'name is "WebEventCounted"; expected <domain>.<entity>.<event>' };
