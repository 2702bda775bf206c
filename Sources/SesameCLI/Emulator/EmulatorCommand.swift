import ArgumentParser
import CozeEmulator
import Foundation
import SesameJOSE

/// `sesame emulator`: serves Coze's OAuth JWT token endpoint locally.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve a local Coze token endpoint that checks requests as Coze does.",
        discussion: """
        For tests, demos and CI without internet. Register apps with their public keys; point a \
        provider's baseURL (or an official Coze SDK's base URL) at the printed address. The first line \
        on stdout is `listening on http://HOST:PORT`. Stops on Ctrl-C or SIGTERM.

          sesame keys generate --out app.pem --public-out app.pub.pem
          sesame emulator --port 8080 --region cn --app 1234567890123::app.pub.pem

        An empty KEY_ID registers the key under its RFC 7638 thumbprint. Counters are at \
        GET /__emulator/stats; faults can be changed at run time with POST /__emulator/faults.
        """
    )

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port; 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("The region to emulate: cn or com (sets the expected aud).", valueName: "region"))
    var region: EmulatedRegion = .cn

    @Option(help: ArgumentHelp("The aud to require instead of the region's, e.g. 127.0.0.1:8080 for coze-py.", valueName: "aud"))
    var audience: String?

    @Option(name: .customLong("app"), help: ArgumentHelp("Register an app: APP_ID:KEY_ID:PUBLIC_PEM (repeatable).", valueName: "spec"))
    var apps: [String] = []

    @Option(name: .customLong("channel-app"), help: ArgumentHelp("Mark a registered app as a channel app (may send scope).", valueName: "app-id"))
    var channelApps: [String] = []

    @Option(name: .customLong("disabled-app"), help: ArgumentHelp("Mark a registered app as disabled (access_deny).", valueName: "app-id"))
    var disabledApps: [String] = []

    @Option(name: .customLong("account"), help: ArgumentHelp("Accept this account ID on the account token path (repeatable).", valueName: "id"))
    var accounts: [String] = []

    @Option(name: .customLong("enterprise"), help: ArgumentHelp("Accept this enterprise ID on the enterprise token path (repeatable).", valueName: "id"))
    var enterprises: [String] = []

    @Option(name: .customLong("fail-first"), help: ArgumentHelp("Answer the first N token requests with 500 internal_error.", valueName: "n"))
    var failFirst = 0

    @Option(name: .customLong("throttle-first"), help: ArgumentHelp("Answer the first N token requests with 429 and Retry-After: 1.", valueName: "n"))
    var throttleFirst = 0

    @Option(name: .customLong("drop-first"), help: ArgumentHelp("Close the connection of the first N token requests without answering.", valueName: "n"))
    var dropFirst = 0

    @Option(name: .customLong("latency-ms"), help: ArgumentHelp("Delay every token answer by this many milliseconds.", valueName: "ms"))
    var latency = 0

    @Option(help: ArgumentHelp("A JSON file with apps, accounts, enterprises and faults (see README, \"The emulator\"); flags add to it.", valueName: "file"))
    var config: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535, got \(port)") }
        for (flag, value) in [("--fail-first", failFirst), ("--throttle-first", throttleFirst), ("--drop-first", dropFirst), ("--latency-ms", latency)] where value < 0 {
            throw ValidationError("\(flag) must not be negative, got \(value)")
        }
        guard config != nil || !apps.isEmpty else {
            throw ValidationError("register at least one app: --app APP_ID:KEY_ID:PUBLIC_PEM (or --config FILE)")
        }
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        _ = EventLoopExecutor.install()
        let host = host
        let service = EmulatorService(emulator: CozeEmulator(configuration: configuration), host: host, port: port) { boundPort in
            Terminal.print("listening on http://\(host):\(boundPort)")
            Terminal.printError("emulating Coze \(configuration.region.rawValue) (aud \(configuration.effectiveAudience)) with \(configuration.apps.count) app(s); Ctrl-C stops")
        }
        try await service.runUntilSignalled()
    }

    private func makeConfiguration() throws -> CozeEmulatorConfiguration {
        var configuration = try config.map { try CozeEmulatorConfiguration.load(file: $0) } ?? CozeEmulatorConfiguration()
        if config == nil || region != .cn { configuration.region = region }
        if let audience { configuration.audience = audience }
        let directory = FileManager.default.currentDirectoryPath
        for spec in apps {
            configuration.apps.append(try EmulatedApp.parse(spec: spec, relativeTo: directory))
        }
        for id in channelApps {
            try index(of: id, in: configuration, flag: "--channel-app").map { configuration.apps[$0].kind = .channel }
        }
        for id in disabledApps {
            try index(of: id, in: configuration, flag: "--disabled-app").map { configuration.apps[$0].enabled = false }
        }
        configuration.accounts.formUnion(accounts)
        configuration.enterprises.formUnion(enterprises)
        if failFirst > 0 { configuration.faults.failFirst = failFirst }
        if throttleFirst > 0 { configuration.faults.throttleFirst = throttleFirst }
        if dropFirst > 0 { configuration.faults.dropFirst = dropFirst }
        if latency > 0 { configuration.faults.latencyMilliseconds = latency }
        return configuration
    }

    private func index(of appID: String, in configuration: CozeEmulatorConfiguration, flag: String) throws -> Int? {
        guard let index = configuration.apps.firstIndex(where: { $0.appID == appID }) else {
            throw ValidationError("\(flag) \(appID): no app with that ID is registered; add it with --app \(appID):KEY_ID:PUBLIC_PEM first")
        }
        return index
    }
}

extension EmulatedRegion: ExpressibleByArgument {}
