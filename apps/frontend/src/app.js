// Talks to the API through the same origin (the ingress routes /api to it).
const status = document.getElementById("api-status");
const result = document.getElementById("result");

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
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type, payload: { path: location.pathname, at: new Date().toISOString() } }),
    });
    result.textContent = response.status === 202 ? `Sent ${type}.` : `The API answered ${response.status}.`;
});

refreshStatus();
setInterval(refreshStatus, 10000);
