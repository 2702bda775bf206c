import Foundation
import SesameCore

extension CozeDoctor {
    /// Diagnoses a ``CozeAccessTokenProvider``: the base URL, what the store holds, the expiry, and
    /// (unless `offline`) whether Coze accepts the token on `GET /v1/workspaces`.
    public func diagnose(_ provider: CozeAccessTokenProvider, offline: Bool = false) async -> Diagnosis {
        let configuration = provider.configuration
        var checks = apiBaseCheck(configuration.baseURL).map { [$0] } ?? []
        let token: AccessToken
        do {
            token = try await provider.fetchToken(TokenRequest())
        } catch {
            if let secret = try? await configuration.token.read(), case let shape = SecretShape(secret), shape != .identifier(.token), shape != .other {
                checks.append(DiagnosisCheck("token", .fail, "access token \(configuration.token) holds \(shape.description)",
                                             remedy: "put the personal or service access token (pat_… or sat_…) there; a JWT app's key belongs in a coze-jwt provider"))
            } else {
                checks.append(DiagnosisCheck("token", .fail, "\(error)"))
            }
            return Diagnosis(provider: provider.name, checks: checks)
        }
        checks.append(tokenKindCheck(token.value, reference: configuration.token))
        checks.append(expiryCheck(token, expiry: configuration.expiry))
        if !offline {
            checks.append(await workspacesCheck(token, baseURL: configuration.baseURL, timeout: configuration.timeout))
        }
        return Diagnosis(provider: provider.name, checks: checks)
    }

    private func tokenKindCheck(_ value: String, reference: KeyReference) -> DiagnosisCheck {
        if value.hasPrefix("pat_") { return DiagnosisCheck("token", .pass, "\(reference) holds a personal access token (pat_…)") }
        if value.hasPrefix("sat_") { return DiagnosisCheck("token", .pass, "\(reference) holds a service access token (sat_…)") }
        if value.hasPrefix("czs_") {
            return DiagnosisCheck("token", .warning, "\(reference) holds an OAuth access token (czs_…) minted by a JWT app: it expires within a day",
                                  remedy: "let a coze-jwt provider mint these, or use a personal access token for development")
        }
        let shape = IdentifierShape(value)
        if shape == .token {
            return DiagnosisCheck("token", .fail, "\(reference) holds a JWT, not an access token", remedy: "exchange it for a token (sesame token NAME with a coze-jwt provider), or store a personal access token")
        }
        if shape != .other {
            return DiagnosisCheck("token", .fail, "\(reference) holds \(shape.description), not an access token", remedy: "store the token (pat_… or sat_…) from the Coze console")
        }
        return DiagnosisCheck("token", .warning, "\(reference) does not start with pat_ or sat_ (\(value.count) characters)", remedy: "check that it is the token the Coze console showed")
    }

    private func expiryCheck(_ token: AccessToken, expiry: CozeAccessTokenConfiguration.Expiry) -> DiagnosisCheck {
        switch expiry {
        case .never:
            return DiagnosisCheck("expiry", .info, "no expiry configured (set expiresAt to the date the console showed, so the cache and doctor know it)")
        case .lifetime(let seconds):
            return DiagnosisCheck("expiry", .info, "treated as valid for \(seconds) s from each read")
        case .at(let date):
            let left = date.timeIntervalSince(now())
            if left < 86400 {
                return DiagnosisCheck("expiry", .warning, "the token expires in \(Int(left / 60)) minutes (\(date.formatted(.iso8601)))", remedy: "create a new token before then")
            }
            return DiagnosisCheck("expiry", .pass, "the token expires \(date.formatted(.iso8601)), in \(Int(left / 86400)) days")
        }
    }

    /// `GET /v1/workspaces` with the token: code 0 passes, 4100 is a refusal, 4101 a missing permission.
    private func workspacesCheck(_ token: AccessToken, baseURL: String, timeout: Duration) async -> DiagnosisCheck {
        let url = baseURL + "/v1/workspaces?page_num=1&page_size=1"
        let response: HTTPTransportResponse
        do {
            response = try await transport.send(HTTPTransportRequest(
                method: "GET", url: url,
                headers: [("Authorization", token.authorizationHeader), ("Accept", "application/json"), ("User-Agent", "sesame/0.1")],
                timeout: timeout
            ))
        } catch {
            return DiagnosisCheck("api-call", .fail, "cannot reach \(baseURL): \(error)", remedy: "check baseURL, DNS, proxies and firewalls")
        }
        let logID = response.header("X-Tt-Logid").map { ", logid \($0)" } ?? ""
        let body = JSONValue.parse(response.body)?.object
        switch body?["code"]?.integer {
        case 0?:
            return DiagnosisCheck("api-call", .pass, "GET /v1/workspaces accepted the token (HTTP \(response.status))")
        case 4100?:
            return DiagnosisCheck("api-call", .fail, "GET /v1/workspaces refused the token: code 4100, unknown, expired or revoked (HTTP \(response.status)\(logID))",
                                  remedy: "create a new token in the Coze console; a coze.cn token is unknown on coze.com and the reverse, so check region")
        case 4101?:
            return DiagnosisCheck("api-call", .warning, "the token is valid but may not list workspaces: code 4101 (HTTP \(response.status)\(logID))",
                                  remedy: "give the token the permissions your calls need, in the Coze console")
        case let code?:
            return DiagnosisCheck("api-call", .fail, "GET /v1/workspaces answered code \(code) (HTTP \(response.status)\(logID))")
        case nil:
            return DiagnosisCheck("api-call", .fail, "GET \(baseURL)/v1/workspaces did not answer Coze JSON (HTTP \(response.status)\(logID))",
                                  remedy: "check baseURL: it must be the API base (https://api.coze.cn or https://api.coze.com), not the website")
        }
    }
}
