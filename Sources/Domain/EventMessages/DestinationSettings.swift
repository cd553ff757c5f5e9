/// The settings a signal destination's protocol needs (a syslog collector, a webhook, an SNMP
/// receiver, an SMTP account …), declared by the plug-in of its kind (docs/architecture.md,
/// "Signal destination kinds as plug-ins").
///
/// The state keeps them as a ``DestinationSettingsObject`` — their canonical payload under
/// their ``name`` — so the log, the state and its hash need to know nothing about a kind, and a
/// new kind is one folder and one registration. Secrets are ``SealedSecret`` members; the events
/// API recognises them by that type's form, never by a list of field names.
public protocol DestinationSettings: Sendable, Hashable {
    /// What the settings are called in the payload and the API (`syslog`, `webhook` …).
    static var name: String { get }
    /// The destination kinds that take these settings.
    static var kinds: Set<SignalDestinationKind> { get }
    /// The payload's members, declared once; reading and canonical writing follow from it.
    static var payload: PayloadFields<Self> { get }

    associatedtype View: Encodable & Sendable
    /// What the API shows of the settings: never a secret, at most whether one is set.
    var view: View { get }
}

extension DestinationSettings {
    /// `"syslog settings"`, for errors.
    static var description: String { "\(name) settings" }
}
