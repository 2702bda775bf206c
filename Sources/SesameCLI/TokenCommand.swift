import ArgumentParser
import Foundation
import Sesame

/// `sesame token NAME`: prints an access token.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an access token for a provider.",
        discussion: """
        Prints the token alone on stdout, so that it composes:
          export COZE_API_TOKEN=$(sesame token coze-cn)
        With a "tokenCache" in providers.json, a token another process stored is reused while it has \
        more than a minute left, so a loop of `sesame token` makes one exchange per token lifetime. \
        With --json: {"provider", "access_token", "token_type", "expires_at"} (RFC 3339, UTC). \
        On failure nothing is printed on stdout; the reason and the fix go to stderr.
        """
    )

    @Argument(help: "The provider's name in providers.json.")
    var provider: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var request: TokenRequestOptions

    @Flag(help: "Print JSON with the expiry instead of the bare token.")
    var json = false

    func run() async throws {
        let registry = try config.loadRegistry()
        let token = try await registry.sharedProvider(named: provider, logger: .commandLineWarnings).fetchToken(request.request)
        if json {
            Terminal.print(try TokenJSON(provider: provider, token: token).encoded())
        } else {
            Terminal.print(token.value)
        }
    }
}

/// The `--json` output of `sesame token`.
struct TokenJSON: Encodable {
    let provider: String
    let access_token: String
    let token_type: String
    let expires_at: String

    init(provider: String, token: AccessToken) {
        self.provider = provider
        self.access_token = token.value
        self.token_type = token.type
        self.expires_at = RFC3339.string(from: token.expiresAt)
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// RFC 3339 timestamps in UTC without fractional seconds: `2026-11-25T05:10:00Z`.
enum RFC3339 {
    static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
