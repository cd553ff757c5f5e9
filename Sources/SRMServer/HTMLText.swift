/// Text put into the SRM server's HTML. Everything on the page that is not the page's own
/// markup goes through ``escape(_:)``: system names, messages and parameters come from agents,
/// and an agent is not trusted to write the technician's page.
enum HTMLText {
    /// `& < > " '` as character references, safe in element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
