import ArgumentParser

/// `callplane`: runs the server and administers it from the command line.
@main
struct CallplaneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callplane",
        abstract: "Callplane, an event-sourced business communication server.",
        subcommands: [
            ServeCommand.self, SNMPCommand.self, SIPCommand.self, EventsCommand.self, UsersCommand.self, TerminalsCommand.self,
            RegistrationsCommand.self, CallsCommand.self, StateCommand.self, EventMessagesCommand.self,
            DestinationsCommand.self,
            LoginCommand.self, LogoutCommand.self, PasswordCommand.self, AccountsCommand.self, ProfilesCommand.self,
            AuditCommand.self, RemoteMaintenanceCommand.self, ReactorsCommand.self, TLSCommand.self,
            MessageGroupsCommand.self, EmergencyNumbersCommand.self, TrunksCommand.self, MediaCommand.self, SMTPCommand.self, ATASCommand.self,
            BackupCommand.self, SRMCommand.self,
        ]
    )
}
