import { serviceSelectsPods } from "../../../policy/rules/kubernetes/service-selects-pods";
import { stackRuleTable } from "../../support/policy";
import { apiStack, statefulStack } from "../fixtures";

stackRuleTable(serviceSelectsPods, {
    good: () => [...apiStack(), ...statefulStack()],
    compliant: [["a selectorless Service (external endpoints)", (s) => delete s[1].props.spec.selector]],
    bad: [
        ["a selector that matches no pods", (s) => (s[1].props.spec.selector = { "app.kubernetes.io/name": "apii" }), 'spec.selector is {"app.kubernetes.io/name":"apii"}; expected the labels of a workload\'s pods in namespace apps'],
        ["pods in another namespace", (s) => (s[1].props.metadata.namespace = "data"), "expected the labels of a workload's pods in namespace data"],
        ["a targetPort no container declares", (s) => (s[1].props.spec.ports[0].targetPort = "metrics"), 'spec.ports[0].targetPort is "metrics"; expected a port the selected pods declare (Deployment api: api: http=5000)'],
    ],
});
