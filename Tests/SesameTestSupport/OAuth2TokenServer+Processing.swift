import Foundation

/// One answer of the token endpoint, independent of the HTTP server library.
struct TokenEndpointAnswer {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// A refusal by the token endpoint's checks (RFC 6749 §5.2).
struct TokenEndpointRefusal: Error {
    var status = 400
    let code: String
    let description: String

    static func invalidRequest(_ description: String) -> Self { Self(code: "invalid_request", description: description) }
    static func invalidClient(_ description: String) -> Self { Self(status: 401, code: "invalid_client", description: description) }
}

extension OAuth2TokenServer {
    /// Checks a token request and answers it: a token (§5.1) or an error (§5.2).
    ///
    /// Order: scripted faults; `Content-Type`; form syntax; repeated parameters; `grant_type` present;
    /// client authentication (§2.3.1: one method, Basic or body); grant type offered by the server and
    /// allowed for the client; required `audience`; `scope` within the client's scopes; `audience` and
    /// `resource` (absolute URIs without fragment) among the client's targets.
    func answer(contentType: String?, accept: String?, authorization: String?, body: [UInt8]?) -> TokenEndpointAnswer {
        let isForm = Self.mediaType(contentType) == "application/x-www-form-urlencoded"
        let form = isForm ? body.flatMap(FormBody.decode) : nil
        let basic = authorization.flatMap(BasicCredentials.init(header:))
        let bodySecret = form?.first { $0.name == "client_secret" } != nil
        let method = switch (authorization != nil, bodySecret) {
        case (true, true): "both"
        case (true, false): "client_secret_basic"
        case (false, true): "client_secret_post"
        case (false, false): "none"
        }
        let received = ReceivedTokenRequest(
            contentType: contentType,
            accept: accept,
            authMethod: method,
            clientID: basic?.id ?? form?.first { $0.name == "client_id" }?.value,
            parameters: (form ?? []).filter { $0.name != "client_secret" }
        )
        if let scripted = record(received) {
            return TokenEndpointAnswer(status: scripted.status, headers: scripted.headers, body: scripted.body)
        }
        do throws(TokenEndpointRefusal) {
            guard isForm else {
                throw .invalidRequest("the body must be application/x-www-form-urlencoded (RFC 6749 §4.4.2), got \(Self.mediaType(contentType) ?? "no Content-Type")")
            }
            guard let form else { throw .invalidRequest("the body is not valid application/x-www-form-urlencoded") }
            let issued = try issue(form: form, authorization: authorization, basic: basic)
            return issued
        } catch {
            countRejection(error.code)
            logger.info("refused a token request", metadata: ["error": "\(error.code)", "reason": "\(error.description)"])
            var headers = ["Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"]
            if error.status == 401 { headers["WWW-Authenticate"] = "Basic realm=\"sesame-test\"" }
            let object = ["error": error.code, "error_description": error.description]
            return TokenEndpointAnswer(status: error.status, headers: headers, body: Self.json(object))
        }
    }

    private func issue(form: [(name: String, value: String)], authorization: String?, basic: BasicCredentials?) throws(TokenEndpointRefusal) -> TokenEndpointAnswer {
        func values(_ name: String) -> [String] { form.filter { $0.name == name }.map(\.value) }
        var seen = Set<String>()
        for (name, _) in form where name != "resource" {
            guard seen.insert(name).inserted else {
                throw .invalidRequest("parameter \(name) is repeated; RFC 6749 §3.2 allows each parameter once")
            }
        }
        guard let grantType = values("grant_type").first else {
            throw .invalidRequest("grant_type is missing")
        }
        let client = try authenticate(authorization: authorization, basic: basic, bodyID: values("client_id").first, bodySecret: values("client_secret").first)
        guard configuration.supportedGrantTypes.contains(grantType) else {
            throw TokenEndpointRefusal(code: "unsupported_grant_type", description: "grant type \(grantType) is not supported by this server")
        }
        guard client.grantTypes.contains(grantType) else {
            throw TokenEndpointRefusal(code: "unauthorized_client", description: "client \(client.id) may not use the \(grantType) grant")
        }
        let audience = values("audience").first
        if client.requiresAudience, audience == nil {
            throw .invalidRequest("audience is required")
        }
        let scopes: [String]
        if let scope = values("scope").first {
            scopes = scope.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if let bad = scopes.first(where: { $0.isEmpty || !client.allowedScopes.contains($0) }) {
                throw TokenEndpointRefusal(code: "invalid_scope", description: "scope \"\(bad)\" is not allowed for client \(client.id)")
            }
        } else {
            scopes = client.defaultScopes
        }
        if let audience, !client.allowedAudiences.contains(audience) {
            throw TokenEndpointRefusal(code: "invalid_target", description: "audience \"\(audience)\" is not allowed for client \(client.id)")
        }
        let resources = values("resource")
        for resource in resources {
            guard let url = URLComponents(string: resource), url.scheme != nil, url.fragment == nil else {
                throw TokenEndpointRefusal(code: "invalid_target", description: "resource \"\(resource)\" is not an absolute URI without a fragment")
            }
            guard client.allowedResources.contains(resource) else {
                throw TokenEndpointRefusal(code: "invalid_target", description: "resource \"\(resource)\" is not allowed for client \(client.id)")
            }
        }
        let token = "at_" + Self.randomToken()
        recordIssued(token, grant: IssuedGrant(clientID: client.id, scopes: scopes, audience: audience, resources: resources))
        logger.info("issued an access token", metadata: ["client": "\(client.id)", "scope": "\(scopes.joined(separator: " "))"])
        var object: [String: Any] = ["access_token": token, "token_type": configuration.tokenType]
        if let lifetime = configuration.tokenLifetime { object["expires_in"] = lifetime }
        if !scopes.isEmpty { object["scope"] = scopes.joined(separator: " ") }
        return TokenEndpointAnswer(
            status: 200,
            headers: ["Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"],
            body: Self.json(object)
        )
    }

    /// The client the request authenticates as, by exactly one method (RFC 6749 §2.3).
    private func authenticate(authorization: String?, basic: BasicCredentials?, bodyID: String?, bodySecret: String?) throws(TokenEndpointRefusal) -> OAuth2TestClient {
        if authorization != nil {
            guard let basic else { throw .invalidClient("the Authorization header is not valid HTTP Basic credentials") }
            if bodySecret != nil {
                throw .invalidRequest("the client used HTTP Basic and client_secret in the body; RFC 6749 §2.3 allows one authentication method per request")
            }
            if let bodyID, bodyID != basic.id {
                throw .invalidRequest("client_id in the body differs from the HTTP Basic user")
            }
            return try verify(id: basic.id, secret: basic.secret, method: "client_secret_basic")
        }
        guard let bodyID, let bodySecret else {
            throw .invalidClient("no client authentication; send HTTP Basic credentials, or client_id and client_secret in the body")
        }
        return try verify(id: bodyID, secret: bodySecret, method: "client_secret_post")
    }

    private func verify(id: String, secret: String, method: String) throws(TokenEndpointRefusal) -> OAuth2TestClient {
        guard let client = configuration.clients.first(where: { $0.id == id }), client.secret == secret else {
            throw .invalidClient("client authentication failed")
        }
        guard client.authMethods.contains(method) else {
            throw .invalidClient("client \(id) must authenticate with \(client.authMethods.sorted().joined(separator: " or ")), not \(method)")
        }
        return client
    }

    private static func mediaType(_ contentType: String?) -> String? {
        contentType?.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    private static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// `application/x-www-form-urlencoded` decoding (RFC 6749 Appendix B).
enum FormBody {
    /// The name-value pairs of `body` in order, or `nil` when it is not valid form encoding.
    static func decode(_ body: [UInt8]) -> [(name: String, value: String)]? {
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        var pairs: [(name: String, value: String)] = []
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeComponent(parts[0]), let value = decodeComponent(parts.count > 1 ? parts[1] : "") else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// `+` as space, then percent-decoding; `nil` for a malformed escape.
    static func decodeComponent(_ component: Substring) -> String? {
        component.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// The client ID and secret of an `Authorization: Basic` header, each form-decoded (RFC 6749 §2.3.1).
struct BasicCredentials {
    let id: String
    let secret: String

    init?(header: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":"),
              let id = FormBody.decodeComponent(text[..<colon]),
              let secret = FormBody.decodeComponent(text[text.index(after: colon)...])
        else { return nil }
        self.id = id
        self.secret = secret
    }
}
