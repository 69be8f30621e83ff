/** The api's Prometheus metrics (names from the platform's metric catalogue), with prom-client. */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export const registry = new Registry();
registry.setDefaultLabels({ service: "api" });
collectDefaultMetrics({ register: registry });

export const requests = new Counter({ name: "http_requests_total", help: "HTTP requests by route and status.", labelNames: ["route", "status"] as const, registers: [registry] });
export const latency = new Histogram({ name: "http_request_duration_seconds", help: "HTTP request latency by route.", labelNames: ["route"] as const, registers: [registry] });
export const published = new Counter({ name: "events_published_total", help: "Events written to the events topic.", registers: [registry] });
