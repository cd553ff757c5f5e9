import AccessControl

/// The technicians' accounts (`technicians.json`).
extension SRMDataDirectory {
    static let techniciansFile = "technicians.json"

    /// The accounts, sorted by name.
    public func technicians() throws(SRMServerError) -> [Technician] {
        try read([Technician].self, from: Self.techniciansFile, absent: []).sorted { $0.name < $1.name }
    }

    public func addTechnician(_ name: String, password: String, hasher: PasswordHasher) async throws(SRMServerError) {
        try Technician.validate(name: name)
        try Technician.validate(password: password)
        var technicians = try technicians()
        guard !technicians.contains(where: { $0.name == name }) else {
            throw SRMServerError("technician \(name) already exists; remove it first to set a new password")
        }
        technicians.append(Technician(name: name, passwordHash: await hasher.hash(password)))
        try write(technicians, to: Self.techniciansFile)
    }

    public func removeTechnician(_ name: String) throws(SRMServerError) {
        var technicians = try technicians()
        guard let index = technicians.firstIndex(where: { $0.name == name }) else {
            throw SRMServerError("technician \(name) does not exist (callplane-srm technician list)")
        }
        technicians.remove(at: index)
        try write(technicians, to: Self.techniciansFile)
    }
}
