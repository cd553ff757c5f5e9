import AdminModels
import ArgumentParser
import Foundation

/// `callplane emergency-numbers [show | set]`: the public emergency numbers (manual Tab. 13: at
/// most 20; the country's defaults until set) and the user emergency calls reach while the
/// system has no trunk.
struct EmergencyNumbersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emergency-numbers", abstract: "Show or set the public emergency numbers and their internal destination.",
        subcommands: [Show.self, Change.self], defaultSubcommand: Show.self
    )

    static let path = "/api/v1/emergency-numbers"

    static func describe(_ view: EmergencyNumbersView) -> [String] {
        let country = view.country.isEmpty ? "no country set" : "country \(view.country)"
        return [
            "numbers: \(view.numbers.joined(separator: ", "))" + (view.followsCountry ? " (the defaults of \(country))" : ""),
            "internal destination: " + (view.internalDestination.map { "user \($0)" } ?? "none (emergency calls are answered 480 while there is no trunk)"),
        ]
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The numbers in force and the internal destination.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for line in EmergencyNumbersCommand.describe(try await options.client.decode(EmergencyNumbersView.self, "GET", EmergencyNumbersCommand.path)) {
                print(line)
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change the numbers or the internal destination; what is not given stays.")
        @OptionGroup var options: ServerOptions
        @Option(name: .customLong("number"), help: "A public emergency number; repeat for each (replaces the list).") var numbers: [String] = []
        @Flag(help: "Follow the defaults of the system's country again.") var countryDefaults = false
        @Option(help: "The call number of the user emergency calls go to while there is no trunk.") var internalDestination: String?
        @Flag(help: "No internal destination: emergency calls are answered 480 while there is no trunk.") var noInternalDestination = false

        func validate() throws {
            if !numbers.isEmpty && countryDefaults { throw ValidationError("--number and --country-defaults exclude each other") }
            if internalDestination != nil && noInternalDestination {
                throw ValidationError("--internal-destination and --no-internal-destination exclude each other")
            }
            guard !numbers.isEmpty || countryDefaults || internalDestination != nil || noInternalDestination else {
                throw ValidationError("give something to change (see --help)")
            }
        }

        /// The settings in force with the given ones changed, sent with their version, so a
        /// change someone made in between is refused rather than undone.
        func run() async throws {
            let current = try await options.client.decode(EmergencyNumbersView.self, "GET", EmergencyNumbersCommand.path)
            var body = EmergencyNumbersChange(numbers: current.followsCountry ? nil : current.numbers, internalDestination: current.internalDestination)
            if !numbers.isEmpty { body.numbers = numbers }
            if countryDefaults { body.numbers = nil }
            if let internalDestination { body.internalDestination = internalDestination }
            if noInternalDestination { body.internalDestination = nil }
            let changed = try await options.client.decode(EmergencyNumbersView.self, "PUT", EmergencyNumbersCommand.path, body: body, ifMatch: current.version)
            for line in EmergencyNumbersCommand.describe(changed) { print(line) }
        }
    }
}
