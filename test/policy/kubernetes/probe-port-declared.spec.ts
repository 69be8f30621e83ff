import { probePortDeclared } from "../../../policy/rules/kubernetes/probe-port-declared";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(probePortDeclared, {
    good: deployment,
    compliant: [["a probe by port number", (r) => (container(r).readinessProbe.httpGet.port = 5000)]],
    bad: [
        [
            "a readiness probe on an undeclared port",
            (r) => (container(r).readinessProbe.httpGet.port = 8081),
            'spec.template.spec.containers[0].readinessProbe.httpGet.port (container "api") is 8081; expected a declared containerPort (declared: http=5000). Fix: set the probe port to the container\'s named port',
        ],
        ["a liveness probe on an unknown port name", (r) => (container(r).livenessProbe.httpGet.port = "metrics"), 'livenessProbe.httpGet.port (container "api") is "metrics"'],
        ["a TCP startup probe on an undeclared port", (r) => (container(r).startupProbe = { tcpSocket: { port: 9000 } }), "startupProbe.tcpSocket.port"],
    ],
});
