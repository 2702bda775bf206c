import ArgumentParser
import Foundation
import Sesame

/// `sesame doctor NAME`: every cause of a 401 it can check, one line each, with the fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Diagnose a Coze provider (coze-jwt or coze-access-token): one line per check (✓ ✗ !) with the fix.",
        discussion: """
        Offline: the registry entry, region and aud against the base URL, the shapes of the app ID and \
        key ID, the private key (format, size, permissions), the key pair against --public-key, the \
        key's RFC 7638 thumbprint, and a decoded JWT. Online (skipped with --offline): clock skew \
        against the server's Date header, a real token exchange with Coze's answer explained, and on \
        invalid_client the same exchange with the other region's audience. A value of the wrong kind is \
        named: a public key where the private key belongs, a key ID as the app ID (or the reverse), a \
        bot or workspace ID as the app ID, base64 that is no PEM, the website (coze_www_base) as the API \
        base. A coze-access-token provider is checked against GET /v1/workspaces.
          sesame doctor coze-cn --public-key uploaded.pub.pem
          sesame doctor coze        (no providers.json: the Coze SDKs' COZE_JWT_OAUTH_* variables)
        When every check passes the report goes to stdout (exit 0); when any fails, to stderr (exit 1).
        """
    )

    @Argument(help: "The provider's name in providers.json.")
    var provider: String

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("public-key"), help: ArgumentHelp("The public key PEM you uploaded to Coze, to compare with the private key.", valueName: "file"))
    var publicKey: String?

    @Flag(help: "Skip the checks that contact the server.")
    var offline = false

    @Flag(help: "Print the checks as JSON.")
    var json = false

    func run() async throws {
        let diagnosis: Diagnosis
        do {
            let registry = try config.loadRegistry()
            let entry = try registry.provider(named: provider)
            if let staticToken = entry.provider as? CozeAccessTokenProvider {
                diagnosis = await CozeDoctor().diagnose(staticToken, offline: offline)
            } else {
                guard let coze = entry.provider as? CozeJWTProvider else {
                    throw CommandFailure(message: "provider \(provider) is of type \(entry.type); `sesame doctor` diagnoses coze-jwt and coze-access-token providers")
                }
                let uploaded = try publicKey.map { path -> String in
                    do throws(SecretFileError) {
                        let bytes = try PlainFileReader.read(path, what: "--public-key file", maxSize: SecretFileReader.maxKeyFileSize)
                        return String(decoding: bytes, as: UTF8.self)
                    } catch {
                        throw CommandFailure(message: "cannot read --public-key \(path): \(error.message)")
                    }
                }
                diagnosis = await CozeDoctor().diagnose(coze, uploadedPublicKey: uploaded, offline: offline)
            }
        } catch let error as RegistryError where error.code == .invalid || error.code == .syntax {
            let checks = error.issues.isEmpty
                ? [DiagnosisCheck("registry", .fail, error.message)]
                : error.issues.map { DiagnosisCheck("registry", .fail, "\(error.source): \($0)") }
            diagnosis = Diagnosis(provider: provider, checks: checks)
        }
        // Like every failing command, a failing diagnosis goes to stderr and leaves stdout empty.
        let emit = diagnosis.isHealthy ? Terminal.print : Terminal.printError
        if json {
            emit(try DoctorJSON(diagnosis).encoded())
        } else {
            for check in diagnosis.checks { emit(check.description) }
        }
        if !diagnosis.isHealthy { throw ExitCode(1) }
    }
}

/// The `--json` output of `sesame doctor`.
struct DoctorJSON: Encodable {
    struct Check: Encodable {
        let id: String
        let status: String
        let message: String
        let remedy: String?
    }

    let provider: String
    let healthy: Bool
    let checks: [Check]

    init(_ diagnosis: Diagnosis) {
        provider = diagnosis.provider
        healthy = diagnosis.isHealthy
        checks = diagnosis.checks.map { Check(id: $0.id, status: $0.status.rawValue, message: $0.message, remedy: $0.remedy) }
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
