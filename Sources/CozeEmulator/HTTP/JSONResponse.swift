import Foundation
import Hummingbird
import SesameCore

/// Builders of the emulator's JSON responses.
enum JSONResponse {
    /// `value` as JSON with `status`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A token answer (`200`), its JSON written directly: it is the answer the emulator sends most.
    static func token(_ body: TokenResponseBody) -> Response {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.member("access_token", body.access_token)
        json.member("expires_in", body.expires_in)
        json.member("token_type", body.token_type)
        json.endObject()
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    /// An OAuth error as Coze sends it: `error_code`, `error_message`, `error` (same as the code) and
    /// `detail.logid`.
    static func oauthError(_ rejection: TokenRejection, logID: String) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter = rejection.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return make(
            OAuthErrorBody(code: rejection.code, message: rejection.message, error: rejection.code, detail: LogIDDetail(logid: logID)),
            status: rejection.status,
            headers: headers
        )
    }

    /// An API error as Coze's OpenAPI sends it: `code`, `msg`, `detail.logid`.
    static func apiError(code: Int, message: String, status: HTTPResponse.Status, logID: String) -> Response {
        make(OpenAPIBody<Never>.failure(code: code, message: message, logID: logID), status: status)
    }
}

/// An OAuth error body as Coze's token endpoint sends it.
struct OAuthErrorBody: Encodable {
    let code: String
    let message: String
    let error: String
    let detail: LogIDDetail

    private enum CodingKeys: String, CodingKey {
        case code = "error_code", message = "error_message", error, detail
    }
}
