/// The page's style sheet and script, served from `/srm.css` and `/srm.js` rather than inline,
/// so the page's policy can forbid inline script and style.
extension SystemsPage {
    /// The status colours of manual §6.3.1.3 as real backgrounds.
    static let styleSheet = """
        body { font-family: system-ui, sans-serif; margin: 1.5em; }
        header { display: flex; justify-content: space-between; align-items: center; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #ccc; padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
        td ul { margin: 0; padding-left: 1.2em; }
        .status { font-weight: bold; width: 8em; }
        .status-blue { background: #1e63c4; color: #fff; }
        .status-yellow { background: #f2c400; color: #000; }
        .status-red { background: #c8102e; color: #fff; }
        .status-grey { background: #9a9a9a; color: #fff; }
        .disconnected { color: #a00; }
        .failure { color: #a00; }
        td form { margin: 0; }
        form.login label { display: block; margin: 0.5em 0; }
        """

    /// Redraws the rows every 2 s from `/api/v1/systems` and the maintenance sessions from
    /// `/api/v1/sessions`; back to the login form when the login ended. Text goes in as text
    /// nodes only, never as markup.
    static let script = """
        "use strict";
        (function () {
          function cell(text, className) {
            const td = document.createElement("td");
            td.textContent = text;
            if (className) td.className = className;
            return td;
          }
          function row(system) {
            const tr = document.createElement("tr");
            tr.dataset.system = system.systemID;
            tr.appendChild(cell(system.status === null ? "not reported" : system.status, "status status-" + system.colour));
            tr.appendChild(cell(system.name));
            tr.appendChild(cell(system.systemID));
            const connection = system.connected
              ? "connected since " + system.connectedSince
              : "not connected" + (system.lastSeen ? ", last seen " + system.lastSeen : "");
            tr.appendChild(cell(connection, system.connected ? "connected" : "disconnected"));
            const messages = document.createElement("td");
            const list = document.createElement("ul");
            for (const message of system.active) {
              const item = document.createElement("li");
              item.textContent = message.name + " (" + message.severity + ")" + (message.count > 1 ? " ×" + message.count : "");
              list.appendChild(item);
            }
            messages.appendChild(list);
            tr.appendChild(messages);
            const maintenance = document.createElement("td");
            if (system.connected) {
              maintenance.appendChild(button("/api/v1/systems/" + encodeURIComponent(system.systemID) + "/sessions", "Open maintenance session"));
            }
            tr.appendChild(maintenance);
            return tr;
          }
          function button(action, label) {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const submit = document.createElement("button");
            submit.type = "submit";
            submit.textContent = label;
            form.appendChild(submit);
            return form;
          }
          function sessionRow(session) {
            const tr = document.createElement("tr");
            tr.dataset.session = session.session;
            const relay = document.createElement("td");
            const code = document.createElement("code");
            code.textContent = session.relay;
            relay.appendChild(code);
            tr.appendChild(relay);
            tr.appendChild(cell(session.systemID));
            tr.appendChild(cell(session.technician));
            tr.appendChild(cell(session.address));
            tr.appendChild(cell(session.openedAt));
            tr.appendChild(cell(String(session.requests)));
            const end = document.createElement("td");
            end.appendChild(button("/api/v1/sessions/" + encodeURIComponent(session.session) + "/end", "End"));
            tr.appendChild(end);
            return tr;
          }
          async function refresh() {
            try {
              const response = await fetch("/api/v1/systems", { credentials: "same-origin", cache: "no-store" });
              if (response.status === 401) { window.location.reload(); return; }
              if (!response.ok) return;
              const systems = await response.json();
              const body = document.getElementById("systems");
              body.replaceChildren(...systems.map(row));
              const open = await fetch("/api/v1/sessions", { credentials: "same-origin", cache: "no-store" });
              if (open.ok) document.getElementById("sessions").replaceChildren(...(await open.json()).map(sessionRow));
            } catch (error) {
              // The SRM server restarting: the next round tries again.
            }
          }
          setInterval(refresh, 2000);
        })();
        """
}
