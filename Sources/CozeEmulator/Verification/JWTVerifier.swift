import SesameCore
import SesameJOSE

/// Checks a JWT assertion as Coze's token endpoint does: header, issuer, key ID, RS256 signature,
/// audience, times and claim shapes. Replay (`jti` reuse) is the caller's to check with ``ReplayGuard``.
struct JWTVerifier: Sendable {
    /// A JWT that passed every check.
    struct Assertion: Sendable {
        let app: AppRegistry.App
        let jti: String
        /// The JWT's `exp`, Unix seconds.
        let expiresAt: Int
    }

    let apps: AppRegistry
    /// The required `aud` (resolved on each request: it may name the port bound at start-up).
    let audience: @Sendable () -> String
    let leeway: Int

    /// The longest `exp - iat` accepted, in seconds. Coze's own samples sign JWTs for 600 s and
    /// coze-py for 3,600 s; the bound keeps every later time computation far from overflow and the
    /// memory of used `jti` values bounded in time.
    static let maxJWTLifetime = 86_400
    /// The longest `jti` accepted, in characters (Coze recommends more than 32 bytes of randomness;
    /// a base64url `jti` of 32 bytes has 43 characters).
    static let maxJTILength = 256

    /// Verifies the compact JWT `token` at time `now` (Unix seconds).
    ///
    /// - Throws: ``TokenRejection``: 401 `invalid_client` for a bad credential, 400 `invalid_request`
    ///   for a malformed optional claim or a `scope` claim.
    func verify(_ token: String, now: Int) throws(TokenRejection) -> Assertion {
        guard let parts = try? JWS.parse(token) else {
            throw .invalidClient("invalid jwt: not a compact JWS (three base64url parts separated by dots)")
        }
        let header = try object(parts.header, named: "header")
        let kid = try checkHeader(header)
        let claims = try object(parts.payload, named: "payload")
        let app = try issuer(claims)
        guard let publicKey = app.keys[kid] else {
            let hint = apps.owner(ofKeyID: kid, otherThan: app.appID).map { "; that key ID belongs to app \($0), not to iss \(app.appID)" }
                ?? "; check the key ID (the public key fingerprint on the app's page) and the region (this server expects aud \(audience()))"
            throw .invalidClient("invalid jwt: kid not been registered: app \(app.appID) has no public key with kid \"\(kid)\"\(hint)")
        }
        guard parts.isSigned(by: publicKey) else {
            throw .invalidClient("invalid jwt: signature verification failed; the JWT was not signed with the private key of kid \"\(kid)\" (key pair mismatch)")
        }
        try checkAudience(claims, expected: audience())
        let expiresAt = try checkTimes(claims, now: now)
        guard let jti = claims["jti"]?.string, !jti.isEmpty else {
            throw .invalidClient("invalid jwt: jti is missing or not a string; every JWT needs a new random jti")
        }
        guard jti.count <= Self.maxJTILength else {
            throw .invalidClient("invalid jwt: jti has \(jti.count) characters, more than \(Self.maxJTILength); use 32 random bytes in base64url (43 characters)")
        }
        try ClaimShapes.checkSession(claims)
        if let scope = claims["scope"], scope != .null {
            throw .invalidRequest("invalid request: scope is not a JWT claim; send it in the request body (channel apps only)")
        }
        return Assertion(app: app, jti: jti, expiresAt: expiresAt)
    }

    /// The JWT part `bytes` as a JSON object; strict, so that a repeated member (`"alg":"RS256","alg":"none"`)
    /// cannot mean one thing here and another to the client.
    private func object(_ bytes: [UInt8], named part: String) throws(TokenRejection) -> [String: JSONValue] {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw .invalidClient("invalid jwt: the \(part) is not strict JSON: \(error)")
        }
        guard let members = parsed.object else { throw .invalidClient("invalid jwt: the \(part) is not a JSON object") }
        return members
    }

    private func checkHeader(_ header: [String: JSONValue]) throws(TokenRejection) -> String {
        switch header["alg"] {
        case .string("RS256")?: break
        case .string(let alg)?: throw .invalidClient("invalid jwt: alg \"\(alg)\" is not accepted; Coze requires alg RS256")
        default: throw .invalidClient("invalid jwt: the header has no alg; Coze requires alg RS256")
        }
        switch header["typ"] {
        case .string("JWT")?: break
        case .string(let typ)?: throw .invalidClient("invalid jwt: typ \"\(typ)\" is not accepted; the header's typ must be \"JWT\"")
        default: throw .invalidClient("invalid jwt: the header has no typ; it must be \"JWT\"")
        }
        guard let kid = header["kid"]?.string, !kid.isEmpty else {
            throw .invalidClient("invalid jwt: the header has no kid; set it to the public key fingerprint shown on the app's page")
        }
        return kid
    }

    private func issuer(_ claims: [String: JSONValue]) throws(TokenRejection) -> AppRegistry.App {
        guard let iss = claims["iss"]?.string, !iss.isEmpty else {
            throw .invalidClient("invalid jwt: iss is missing or not a string; set it to the OAuth app ID")
        }
        guard let app = apps.app(iss) else {
            throw .invalidClient("invalid jwt: iss \"\(iss)\" is not a registered OAuth app ID; use the app's ID (not a bot or account ID) and check the region")
        }
        return app
    }

    private func checkAudience(_ claims: [String: JSONValue], expected audience: String) throws(TokenRejection) {
        guard let aud = claims["aud"]?.string else {
            throw .invalidClient("invalid jwt: aud is missing or not a string; expected aud \"\(audience)\"")
        }
        guard aud == audience else {
            throw .invalidClient("invalid jwt: aud \"\(aud)\" does not match this server's audience: expected \"\(audience)\", got \"\(aud)\"; check the region (cn/com) or the audience setting")
        }
    }

    private func checkTimes(_ claims: [String: JSONValue], now: Int) throws(TokenRejection) -> Int {
        guard let iat = claims["iat"]?.integer else {
            throw .invalidClient("invalid jwt: iat is missing or not an integer (Unix seconds)")
        }
        guard let exp = claims["exp"]?.integer else {
            throw .invalidClient("invalid jwt: exp is missing or not an integer (Unix seconds)")
        }
        guard exp > iat else {
            throw .invalidClient("invalid jwt: exp (\(exp)) must be later than iat (\(iat))")
        }
        let (lifetime, overflow) = exp.subtractingReportingOverflow(iat)
        guard !overflow, lifetime <= Self.maxJWTLifetime else {
            throw .invalidClient("invalid jwt: exp - iat is more than \(Self.maxJWTLifetime) seconds; sign JWTs valid for minutes (Coze's samples use 600 s)")
        }
        // From here iat and exp are within a day of each other, and are compared with `now` without
        // subtracting them from it first, so no value of theirs can overflow.
        guard iat <= now + leeway else {
            throw .invalidClient("invalid jwt: iat is \(Self.distance(from: now, to: iat)) in the future (leeway \(leeway) s); check the clock")
        }
        guard exp >= now - leeway else {
            throw .invalidClient("invalid jwt: the JWT expired \(Self.distance(from: exp, to: now)) ago (leeway \(leeway) s); sign a new JWT and check the clock")
        }
        return exp
    }

    /// `N seconds` from `start` to `end`, or `more than a century` when that does not fit.
    private static func distance(from start: Int, to end: Int) -> String {
        let (seconds, overflow) = end.subtractingReportingOverflow(start)
        return overflow || seconds > 3_155_760_000 ? "more than a century" : "\(seconds) seconds"
    }
}
