import Domain

/// The registry of destination plug-ins the server was built with: one per kind, registered
/// once in the composition root, read by the API (settings and their view) and the delivery
/// engine (adapters).
///
/// A plug-in registered later for a kind takes that kind over from an earlier one, so a build
/// (or a test) can give a kind its own settings without editing the others.
public struct SignalDestinationPlugins: Sendable {
    public private(set) var plugins: [SignalDestinationPlugin] = []
    private var byKind: [SignalDestinationKind: Int] = [:]
    /// Derived from `byKind` on each registration (a handful at start-up), because the API asks
    /// for every destination of every request.
    private var byName: [String: Int] = [:]
    /// The settings names of the plug-ins in use, sorted: the members a destination shows.
    public private(set) var names: [String] = []

    public init(_ plugins: [SignalDestinationPlugin] = []) {
        for plugin in plugins { register(plugin) }
    }

    public mutating func register(_ plugin: SignalDestinationPlugin) {
        plugins.append(plugin)
        for kind in plugin.kinds { byKind[kind] = plugins.count - 1 }
        byName = [:]
        for index in Set(byKind.values).sorted() where !plugins[index].name.isEmpty && byName[plugins[index].name] == nil {
            byName[plugins[index].name] = index
        }
        names = byName.keys.sorted()
    }

    public func plugin(for kind: SignalDestinationKind) -> SignalDestinationPlugin? {
        byKind[kind].map { plugins[$0] }
    }

    /// The plug-in whose settings are called `name` and that still serves a kind.
    public func plugin(named name: String) -> SignalDestinationPlugin? {
        byName[name].map { plugins[$0] }
    }

    /// The kinds whose plug-in has an adapter in this build.
    public var adapterKinds: Set<SignalDestinationKind> {
        Set(byKind.filter { plugins[$0.value].makeAdapter != nil || plugins[$0.value].makeSettinglessAdapter != nil }.keys)
    }

    /// Builds a destination's adapter through its kind's plug-in.
    public var adapterFactory: DeliveryEngine.AdapterFactory {
        { [self] destination in
            if let makeAdapter = plugin(for: destination.kind)?.makeSettinglessAdapter { return try makeAdapter(destination) }
            guard let plugin = plugin(for: destination.kind), let makeAdapter = plugin.makeAdapter else {
                throw DeliveryFailure(.notDefined, "no adapter for \(destination.kind.rawValue) destinations in this build")
            }
            guard let settings = destination.settings, settings.name == plugin.name else {
                throw DeliveryFailure(.notDefined, "no \(plugin.name) settings set")
            }
            return try makeAdapter(destination, settings)
        }
    }
}
