/// Interface user rights of an authorization profile (manual §5.3.1.2): which ways in an
/// account may use at all, independent of the configuration areas.
public enum InterfaceRight: String, Sendable, Hashable, Codable, CaseIterable {
    /// WebAdmin and this HTTP API; needed for every login.
    case webAdminAPI = "webadmin_api"
    /// Remote maintenance access (§5.4: "the interface access Remote maintenance dial-up access
    /// is enabled"); needed for every remote login, SRM included.
    case remoteMaintenance = "remote_maintenance"
    /// The CSTA service an outside application such as the cloud gateway uses (seed 004).
    case csta
    /// The alarm server interface (ATAS).
    case atas
    /// Writing over SNMP.
    case snmpWrite = "snmp_write"
}
