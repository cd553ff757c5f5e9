import Foundation
import SRMWire

/// The technician's page at `/` (issue 19, point 4): one row per system with its status colour
/// (manual §6.3.1.3: Normal blue, Serious yellow, Critical red; grey when not reported), its
/// name and id, whether its agent is connected, and its active messages. The page is complete
/// as served; its script (`/srm.js`) fetches `/api/v1/systems` every 2 s and redraws the rows
/// with the same markup, using text nodes only.
///
/// A connected system's row has a button that asks it for a remote maintenance session (manual
/// §5.4); the open sessions are listed below with their relay path and an End button. Both are
/// plain forms, so the page needs no inline script.
enum SystemsPage {
    static func systems(_ views: [SystemView], sessions: [MaintenanceSession], technician: String, notice: String? = nil) -> String {
        let rows = views.isEmpty ? "<tr><td colspan=\"6\">No systems on the allow-list (callplane-srm system add).</td></tr>" : views.map(row).joined()
        let notice = notice.map { "<p class=\"failure\" id=\"notice\">\(HTMLText.escape($0))</p>" } ?? ""
        return document(
            title: "Systems",
            body: """
                <header><h1>SRM server — systems</h1><form method="post" action="/api/v1/logout"><span>\(HTMLText.escape(technician))</span> \
                <button type="submit">Log out</button></form></header>
                \(notice)
                <table><thead><tr><th>Status</th><th>Name</th><th>System id</th><th>Connection</th><th>Active event messages</th>\
                <th>Remote maintenance</th></tr></thead>
                <tbody id="systems">\(rows)</tbody></table>
                <h2>Open maintenance sessions</h2>
                <table><thead><tr><th>Relay</th><th>System id</th><th>Technician</th><th>Address</th><th>Opened</th><th>Requests</th><th></th></tr></thead>
                <tbody id="sessions">\(sessions.map(sessionRow).joined())</tbody></table>
                <script src="/srm.js"></script>
                """)
    }

    static func loginForm(failed: Bool) -> String {
        document(
            title: "Log in",
            body: """
                <h1>SRM server</h1>
                \(failed ? "<p class=\"failure\">Wrong technician name or password.</p>" : "")
                <form method="post" action="/api/v1/login" class="login">
                <label>Technician <input name="name" autocomplete="username" required></label>
                <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">Log in</button>
                </form>
                """)
    }

    static func row(_ view: SystemView) -> String {
        let status = view.status?.rawValue ?? "not reported"
        let connection =
            view.connected
            ? "connected since \(view.connectedSince.map(timestamp) ?? "?")"
            : "not connected" + (view.lastSeen.map { ", last seen \(timestamp($0))" } ?? "")
        let active = view.active.map { message in
            "<li>\(HTMLText.escape(message.name)) (\(HTMLText.escape(message.severity)))\(message.count > 1 ? " ×\(message.count)" : "")</li>"
        }
        return """
            <tr data-system="\(HTMLText.escape(view.systemID))"><td class="status status-\(HTMLText.escape(view.colour))">\(HTMLText.escape(status))</td>\
            <td>\(HTMLText.escape(view.name))</td><td>\(HTMLText.escape(view.systemID))</td>\
            <td class="\(view.connected ? "connected" : "disconnected")">\(HTMLText.escape(connection))</td>\
            <td><ul>\(active.joined())</ul></td>\
            <td>\(view.connected ? button("/api/v1/systems/\(view.systemID)/sessions", "Open maintenance session") : "")</td></tr>
            """
    }

    static func sessionRow(_ session: MaintenanceSession) -> String {
        """
        <tr data-session="\(HTMLText.escape(session.session))"><td><code>\(HTMLText.escape(session.relay))</code></td>\
        <td>\(HTMLText.escape(session.systemID))</td><td>\(HTMLText.escape(session.technician))</td><td>\(HTMLText.escape(session.address))</td>\
        <td>\(timestamp(session.openedAt))</td><td>\(session.requests)</td>\
        <td>\(button("/api/v1/sessions/\(session.session)/end", "End"))</td></tr>
        """
    }

    /// A form of one button posting to `action`.
    static func button(_ action: String, _ label: String) -> String {
        "<form method=\"post\" action=\"\(HTMLText.escape(action))\"><button type=\"submit\">\(HTMLText.escape(label))</button></form>"
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(title) — SRM server</title>
        <link rel="stylesheet" href="/srm.css"></head>
        <body>
        \(body)
        </body></html>
        """
    }
}
