import Foundation
import SesameCore
@testable import SesameCoze
@testable import SesameOAuth2

/// libFuzzer's entry point: token endpoint answers, as Coze and as an OAuth2 server would send them,
/// through the readers that turn them into a token or a typed error with a sanitised server message.
///
/// The first byte chooses the reader (even: Coze, odd: OAuth2) and the HTTP status; the next byte,
/// the length of an `X-Tt-Logid` header taken from the input; the rest is the body. The invariant:
/// a token or an error whose message is printable, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func errorBodyFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 1 else { return 0 }
    let statuses = [200, 400, 401, 403, 429, 500, 502]
    let status = statuses[Int(data[0] >> 1) % statuses.count]
    let input = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))
    let logLength = min(Int(data[1]), input.count)
    let logID = String(decoding: input[..<logLength], as: UTF8.self)
    let response = HTTPTransportResponse(status: status, headers: [(name: "X-Tt-Logid", value: logID)], body: Array(input[logLength...]))
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    if data[0] & 1 == 0 {
        _ = try? CozeTokenResponse(provider: "fuzz", host: "api.coze.cn").token(from: response, receivedAt: now)
    } else {
        _ = try? OAuth2Reader.shared.reader.grant(from: response, receivedAt: now)
    }
    return 0
}

private final class OAuth2Reader: Sendable {
    static let shared = OAuth2Reader()
    let reader: OAuth2TokenResponse

    private init() {
        struct NoStore: KeyStore {
            func secret(named name: String) async throws -> SecretBytes { SecretBytes(utf8: "fuzz-client-secret") }
        }
        let configuration = OAuth2ClientCredentialsConfiguration(
            tokenURL: "https://auth.example.com/token", clientID: "fuzz-client",
            clientSecret: KeyReference(storeName: "fuzz", name: "secret", store: NoStore())
        )
        let parameters = try! OAuth2TokenParameters(configuration: configuration, request: TokenRequest(), provider: "fuzz")
        reader = OAuth2TokenResponse(provider: "fuzz", configuration: configuration, parameters: parameters, secretForms: ["fuzz-client-secret"])
    }
}
