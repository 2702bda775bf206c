import Foundation
import Hummingbird
import Logging
import NIOCore
import Sesame

/// The token endpoint of `sesame exec --serve`: `GET /token` with `Authorization: Bearer SECRET`
/// answers a valid token from the cache; anything else is 401 without a token.
struct ServedToken: Sendable {
    let cache: TokenCache
    let request: TokenRequest
    let provider: String
    let secret: ServeSecret

    /// Serves on 127.0.0.1 on an ephemeral port until the calling task is cancelled.
    func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await respond(to: request) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "sesame.exec.serve", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await application.run()
    }

    private func respond(to http: Request) async -> Response {
        guard http.method == .get, http.uri.path == "/token", secret.matches(authorization: http.headers[.authorization]) else {
            return Self.json(["error": "unauthorized", "message": "GET /token with Authorization: Bearer $SESAME_TOKEN_AUTH"], status: .unauthorized)
        }
        do {
            let token = try await cache.token(for: request)
            return Self.json([
                "access_token": token.value,
                "token_type": token.type,
                "expires_at": RFC3339.string(from: token.expiresAt),
            ], status: .ok)
        } catch {
            // The provider's messages never hold a secret (AuthProvider's contract).
            return Self.json(["error": "token_unavailable", "message": "\(provider): \(error)"], status: .serviceUnavailable)
        }
    }

    private static func json(_ fields: [String: String], status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(fields)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The per-run secret a child presents to ``ServedToken``: 32 random bytes, base64url.
struct ServeSecret: Sendable {
    /// The value of `SESAME_TOKEN_AUTH`.
    let value: String

    /// A new secret from the system's CSPRNG.
    static func random() -> ServeSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return ServeSecret(value: Base64URL.encode(bytes))
    }

    /// Whether `authorization` is `Bearer SECRET`, compared in constant time.
    func matches(authorization: String?) -> Bool {
        guard let authorization else { return false }
        let expected = Array("Bearer \(value)".utf8)
        let given = Array(authorization.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
