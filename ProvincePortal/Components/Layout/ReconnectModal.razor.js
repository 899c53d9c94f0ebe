// Opens and closes our Italian reconnect dialog as blazor.web.js reports the state of the circuit.
const dialog = document.getElementById("components-reconnect-modal");

dialog.addEventListener("components-reconnect-state-changed", (e) => {
    switch (e.detail.state) {
        case "show": if (!dialog.open) dialog.showModal(); break;
        case "hide": dialog.close(); break;
        case "failed": document.addEventListener("visibilitychange", retryWhenVisible); break;
        case "rejected": location.reload(); break;
    }
});

document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        if (await Blazor.reconnect()) return;
        // The server answered but no longer knows the circuit: resume it from persisted state, else reload.
        if (await Blazor.resumeCircuit()) dialog.close(); else location.reload();
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!(await Blazor.resumeCircuit())) location.reload();
    } catch {
        dialog.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") await retry();
}
