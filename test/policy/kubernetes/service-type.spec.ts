import { serviceType } from "../../../policy/rules/kubernetes/service-type";
import { resourceRuleTable } from "../../support/policy";
import { service } from "../fixtures";

resourceRuleTable(serviceType, {
    good: service,
    compliant: [
        [
            "an internal load balancer",
            (r) => ((r.props.spec.type = "LoadBalancer"), (r.props.metadata.annotations = { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" })),
        ],
    ],
    bad: [
        ["a NodePort", (r) => (r.props.spec.type = "NodePort"), 'spec.type is "NodePort"; expected ClusterIP'],
        ["a public load balancer", (r) => (r.props.spec.type = "LoadBalancer"), 'metadata.annotations is no internal load balancer annotation; expected service.beta.kubernetes.io/azure-load-balancer-internal: "true"'],
    ],
});
