@testable import CozeEmulator
import SesameCore
import SesameJOSE

/// libFuzzer's entry point: the emulator's JWT checks (JWS parsing, header, claims, times, scope)
/// and its token request body parser, on arbitrary bytes.
///
/// The first byte chooses the path: 0 the input is the claims JSON of a JWT signed with a key the
/// emulator knows (so the checks after the signature are reached), 1 the input is `header 0xFF
/// claims`, signed the same way, 2 the input is the compact JWT itself, 3 the input is a token
/// request body. The invariant: an assertion or a `TokenRejection`, never a crash or an overflow trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func jwsFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let now = 1_780_000_000
    switch data[0] % 4 {
    case 0:
        let header = Array(#"{"alg":"RS256","typ":"JWT","kid":"fuzz-key"}"#.utf8)
        if let token = try? JWS.sign(header: header, payload: input, key: FuzzKey.shared.key) {
            _ = try? FuzzKey.shared.verifier.verify(token, now: now)
        }
    case 1:
        let parts = input.split(separator: 0xFF, maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, let token = try? JWS.sign(header: Array(parts[0]), payload: Array(parts[1]), key: FuzzKey.shared.key) {
            _ = try? FuzzKey.shared.verifier.verify(token, now: now)
        }
    case 2:
        let token = String(decoding: input, as: UTF8.self)
        _ = try? JWS.parse(token)
        _ = try? FuzzKey.shared.verifier.verify(token, now: now)
    default:
        _ = try? TokenRequestBody(input)
    }
    return 0
}

/// One key per process, registered for app `1127900106117` under key ID `fuzz-key`.
private final class FuzzKey: Sendable {
    static let shared = FuzzKey()
    let key: RSAPrivateKey
    let verifier: JWTVerifier

    private init() {
        key = try! RSAPrivateKey.generate(bits: 2048)
        let app = EmulatedApp(appID: "1127900106117", keys: [EmulatedKey(keyID: "fuzz-key", publicKey: key.publicKey)])
        verifier = JWTVerifier(apps: AppRegistry([app]), audience: { "api.coze.cn" }, leeway: 60)
    }
}
