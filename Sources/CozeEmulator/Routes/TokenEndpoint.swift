import Foundation
import Hummingbird
import Logging

/// The three token paths: fault injection, then the checks of Coze's JWT flow, then a new token.
///
/// Order of checks: the body's size (a 413 before anything reads the request's content, as a front
/// proxy refuses it); injected 429/500; `Content-Type`; `Authorization: Bearer`; the JWT (see
/// ``JWTVerifier``); `jti` replay (a JWT passing every check is used up even if a later check fails);
/// app enabled; account or enterprise ID; body (`grant_type`, `duration_seconds`, `scope`); `scope`
/// only from channel apps.
struct TokenEndpoint: Sendable {
    static let maximumBodySize = 1 << 20

    let verifier: JWTVerifier
    let replayGuard: ReplayGuard
    let ledger: TokenLedger
    let faults: FaultInjector
    let stats: StatsRecorder
    let accounts: Set<String>
    let enterprises: Set<String>
    let now: @Sendable () -> Date
    let logger: Logger

    func respond(to request: Request, context: EmulatorRequestContext, path: TokenPath) async throws -> Response {
        var request = request
        let body: [UInt8]?
        do {
            body = Array(buffer: try await request.collectBody(upTo: Self.maximumBodySize))
        } catch {
            body = nil
        }
        let latency = faults.latencyMilliseconds
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        do throws(TokenRejection) {
            let issued = try issue(request: request, body: body, path: path)
            stats.countIssued()
            logger.info("issued an access token", metadata: ["app": "\(issued.appID)", "logid": "\(context.logID)", "expires_in": "\(issued.expiresAt)"])
            return JSONResponse.token(TokenResponseBody(access_token: issued.token, expires_in: issued.expiresAt, token_type: "Bearer"))
        } catch {
            stats.countRejection(error.code)
            logger.info("refused a token request", metadata: ["error_code": "\(error.code)", "reason": "\(error.message)", "logid": "\(context.logID)"])
            return JSONResponse.oauthError(error, logID: context.logID)
        }
    }

    private struct Issued {
        let token: String
        let appID: String
        let expiresAt: Int
    }

    private func issue(request: Request, body: [UInt8]?, path: TokenPath) throws(TokenRejection) -> Issued {
        // Before the JWT: verifying it would use up its jti for a request that is then refused.
        guard let body else {
            throw TokenRejection(status: .contentTooLarge, code: "invalid_request", message: "invalid request: the body is larger than 1 MiB")
        }
        switch faults.takeAnswer() {
        case .throttle?: throw .throttled
        case .fail?: throw .internalError
        case nil: break
        }
        try RequestHeaders.requireJSON(RequestHeaders.value(of: .contentType, in: request.headers))
        let jwt = try RequestHeaders.bearerJWT(RequestHeaders.value(of: .authorization, in: request.headers))
        let now = Int(now().timeIntervalSince1970.rounded(.down))
        let assertion = try verifier.verify(jwt, now: now)
        guard replayGuard.use(assertion.jti, until: assertion.expiresAt + verifier.leeway, now: now) else {
            throw .invalidClient("invalid jwt: jti already used; sign a new JWT with a new jti for every token request, retries included")
        }
        let app = assertion.app
        guard app.enabled else {
            throw .accessDeny("access deny: app \(app.appID) is disabled; its owner must enable it on the app's page")
        }
        switch path {
        case .standard: break
        case .account(let id) where accounts.contains(id): break
        case .account(let id):
            throw .accessDeny("access deny: account \"\(id)\" is unknown or has not authorised app \(app.appID); check the account ID")
        case .enterprise(let id) where enterprises.contains(id): break
        case .enterprise(let id):
            throw .accessDeny("access deny: enterprise \"\(id)\" is unknown or has not installed app \(app.appID); check the enterprise ID")
        }
        let parameters = try TokenRequestBody(body)
        if parameters.hasScope, app.kind != .channel {
            throw .invalidRequest("invalid request: scope is only accepted from channel apps; app \(app.appID) is a \(app.kind.rawValue) app, so remove scope or use a channel app")
        }
        let token = IssuedTokenID.random()
        let expiresAt = now + parameters.duration
        ledger.record(token, grant: .init(appID: app.appID, expiresAt: expiresAt), now: now)
        return Issued(token: token.token, appID: app.appID, expiresAt: expiresAt)
    }
}

/// A successful token answer: `expires_in` is an absolute Unix time in seconds, as Coze sends it.
struct TokenResponseBody: Codable {
    let access_token: String
    let expires_in: Int
    let token_type: String
}
