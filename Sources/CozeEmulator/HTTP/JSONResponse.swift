import Foundation
import Hummingbird

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

    /// An OAuth error as Coze sends it: `error_code`, `error_message`, `error` (same as the code) and
    /// `detail.logid`.
    static func oauthError(_ rejection: TokenRejection, logID: String) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter = rejection.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return make(
            OAuthErrorBody(error_code: rejection.code, error_message: rejection.message, error: rejection.code, detail: .init(logid: logID)),
            status: rejection.status,
            headers: headers
        )
    }

    /// An API error as Coze's OpenAPI sends it: `code`, `msg`, `detail.logid`.
    static func apiError(code: Int, message: String, status: HTTPResponse.Status, logID: String) -> Response {
        make(APIErrorBody(code: code, msg: message, detail: .init(logid: logID)), status: status)
    }
}

struct LogIDDetail: Encodable {
    let logid: String
}

struct OAuthErrorBody: Encodable {
    let error_code: String
    let error_message: String
    let error: String
    let detail: LogIDDetail
}

struct APIErrorBody: Encodable {
    let code: Int
    let msg: String
    let detail: LogIDDetail
}
