import { show } from "../../lib/rule";
import { record, resolvesPort, showPorts, where, workloadRule } from "../../lib/kubernetes";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;

/** A probe aimed at a port the container does not declare probes nothing the Service sends traffic to. */
export const probePortDeclared = workloadRule(
    {
        name: "probe-port-declared",
        description: "Every HTTP, TCP and gRPC probe targets a port the container declares (by name or number).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Point the probe at the container's named port (`http`): AppService derives probes and Service targetPort from the one declared port.",
    },
    (pod) =>
        pod.containers.flatMap((c) =>
            PROBES.flatMap((probe) => {
                const spec = record(c.spec[probe]);
                const handler = (["httpGet", "tcpSocket", "grpc"] as const).find((h) => record(spec?.[h]));
                if (!spec || !handler) {
                    return [];
                }
                const port = spec[handler].port;
                return resolvesPort(c, port)
                    ? []
                    : [
                          {
                              field: where(c, `${probe}.${handler}.port`),
                              actual: show(port),
                              expected: `a declared containerPort (declared: ${showPorts(c)})`,
                              fix: "set the probe port to the container's named port, e.g. 'http'",
                          },
                      ];
            }),
        ),
);
