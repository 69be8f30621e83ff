// Talks to the API through the same origin (the ingress routes /api to it).
const status = document.getElementById("api-status");
const result = document.getElementById("result");
// The browser session is the entity these events are about: the api keys them by it, so one
// session's events stay in order.
const sessionId = sessionStorage.getItem("sessionId") ?? crypto.randomUUID();
sessionStorage.setItem("sessionId", sessionId);

async function refreshStatus() {
    try {
        const response = await fetch("/api/ready", { cache: "no-store" });
        status.textContent = response.ok ? "ready" : "not ready";
    } catch {
        status.textContent = "unreachable";
    }
}

document.getElementById("event-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const type = new FormData(event.target).get("type");
    const response = await fetch("/api/events", {
        method: "POST",
        // One key per submission: a retried request is not written twice.
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify({ type, payload: { sessionId, path: location.pathname, at: new Date().toISOString() } }),
    });
    result.textContent = response.status === 202 ? `Sent ${type}.` : `The API answered ${response.status}.`;
});

refreshStatus();
setInterval(refreshStatus, 10000);
