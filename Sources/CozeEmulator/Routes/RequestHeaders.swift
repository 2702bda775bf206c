import Foundation
import HTTPTypes

/// Checks of the headers a token request must carry.
enum RequestHeaders {
    /// The value of the field `name`: its one value, or every value joined with ", " when it is
    /// repeated (as `HTTPFields`' subscript gives it, so a repeated field fails the checks below).
    ///
    /// Without building the array and the joined string that the subscript does for every lookup.
    static func value(of name: HTTPField.Name, in headers: HTTPFields) -> String? {
        var found: String?
        for field in headers where field.name == name {
            guard found == nil else { return headers[name] }
            found = field.value
        }
        return found
    }

    /// Requires `Content-Type: application/json` (parameters such as `charset` allowed).
    static func requireJSON(_ contentType: String?) throws(TokenRejection) {
        // What every client sends, matched without Foundation's trimming (a tenth of the token route's
        // own time in a profile); anything else takes the general path below.
        if contentType == "application/json" { return }
        let mediaType = (contentType ?? "").split(separator: ";", maxSplits: 1).first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch mediaType {
        case "application/json":
            return
        case "":
            throw .invalidRequest("invalid request: Content-Type is missing; send the body as JSON with Content-Type: application/json")
        case "application/x-www-form-urlencoded", "multipart/form-data":
            throw .invalidRequest("invalid request: the body is form-encoded (\(mediaType)); Coze requires a JSON body with Content-Type: application/json")
        default:
            throw .invalidRequest("invalid request: Content-Type \(mediaType) is not accepted; send the body as JSON with Content-Type: application/json")
        }
    }

    /// The JWT of an `Authorization: Bearer <JWT>` header.
    static func bearerJWT(_ authorization: String?) throws(TokenRejection) -> String {
        guard let authorization, !authorization.isEmpty else {
            throw .invalidClient("invalid jwt: the Authorization header is missing; send Authorization: Bearer <JWT>")
        }
        guard let token = bearerToken(authorization) else {
            throw .invalidClient("invalid jwt: the Authorization header is not \"Bearer <JWT>\"")
        }
        return token
    }

    /// The credential of a `Bearer` authorization value (scheme matched without case), if any.
    static func bearerToken(_ authorization: String) -> String? {
        // On UTF-8 bytes: splitting Characters and Foundation's trimming (which bridges the whole
        // credential through NSString) were each a tenth of a token request's own time in a profile.
        let utf8 = authorization.utf8
        guard let space = utf8.firstIndex(of: UInt8(ascii: " ")),
              utf8[..<space].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }) else { return nil }
        let credential = authorization[utf8.index(after: space)...]
        // A credential that starts and ends with an ASCII byte other than a space or a tab has nothing
        // to trim, which is every well-formed JWT.
        if let first = credential.utf8.first, let last = credential.utf8.last,
           Self.isPlainASCII(first), Self.isPlainASCII(last) {
            return String(credential)
        }
        let token = credential.trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}
