import ArgumentParser
import Sesame

/// `sesame jwt NAME`: prints a signed JWT assertion.
struct JWTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwt",
        abstract: "Print a signed JWT assertion for a Coze provider, without exchanging it.",
        discussion: """
        Useful to exchange by hand or to inspect what Sesame sends. The JWT is single use (fresh jti). \
        With --decode, the first line is the JWT, followed by the header and the claims as JSON.
        """
    )

    @Argument(help: "The provider's name in providers.json (a coze-jwt provider).")
    var provider: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var request: TokenRequestOptions

    @Flag(help: "Also print the header and claims as JSON.")
    var decode = false

    func run() async throws {
        let entry = try config.loadRegistry().provider(named: provider)
        guard let coze = entry.provider as? CozeJWTProvider else {
            throw CommandFailure(message: "provider \(provider) is of type \(entry.type); `sesame jwt` works with coze-jwt providers")
        }
        let assertion = try await coze.assertion(for: request.request)
        Terminal.print(assertion.jwt)
        if decode {
            let decoded = assertion.decodedJSON()
            Terminal.print(decoded.header)
            Terminal.print(decoded.claims)
        }
    }
}
