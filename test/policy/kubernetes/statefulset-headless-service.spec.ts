import { statefulsetHeadlessService } from "../../../policy/rules/kubernetes/statefulset-headless-service";
import { stackRuleTable } from "../../support/policy";
import { statefulStack } from "../fixtures";

stackRuleTable(statefulsetHeadlessService, {
    good: statefulStack,
    bad: [
        ["a Service with a cluster IP", (s) => delete s[1].props.spec.clusterIP, 'spec.serviceName is "redis"; expected the name of a headless Service in data'],
        ["no serviceName", (s) => delete s[0].props.spec.serviceName, "spec.serviceName is missing"],
    ],
});
