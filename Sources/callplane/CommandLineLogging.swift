import Logging

/// The tool's logs go to standard error, so standard output carries only a command's answer.
enum CommandLineLogging {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
