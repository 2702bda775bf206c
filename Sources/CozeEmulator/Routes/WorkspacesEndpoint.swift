import Foundation
import Hummingbird

/// `GET /v1/workspaces`: a protected Coze API that checks the bearer access token as Coze does.
struct WorkspacesEndpoint: Sendable {
    let ledger: TokenLedger
    let stats: StatsRecorder
    /// The status of a 4100 answer (401, or 200 as some Coze APIs send it).
    let refusalStatus: HTTPResponse.Status
    let now: @Sendable () -> Date

    func respond(to request: Request, context: EmulatorRequestContext) -> Response {
        let now = Int(now().timeIntervalSince1970.rounded(.down))
        guard let header = request.headers[.authorization], let token = RequestHeaders.bearerToken(header) else {
            return refuse("no access token; send Authorization: Bearer <access token>", logID: context.logID)
        }
        guard let grant = ledger.grant(for: token, now: now) else {
            return refuse("the access token is unknown, expired or revoked; get a new one from the token endpoint", logID: context.logID)
        }
        stats.countAPICall(refused: false)
        let workspace = Workspace(id: "ws_\(grant.appID)", name: "Personal", type: "personal", role: "owner")
        return JSONResponse.make(OpenAPIBody.success(WorkspacePage(workspaces: [workspace], totalCount: 1)))
    }

    /// Code 4100, as Coze refuses a call whose token it does not accept; counted.
    private func refuse(_ reason: String, logID: String) -> Response {
        stats.countAPICall(refused: true)
        return JSONResponse.apiError(code: 4100, message: "authentication is invalid: \(reason)", status: refusalStatus, logID: logID)
    }
}

/// One workspace of `GET /v1/workspaces`.
struct Workspace: Encodable {
    let id: String
    let name: String
    let type: String
    let role: String

    private enum CodingKeys: String, CodingKey {
        case id, name, type = "workspace_type", role = "role_type"
    }
}

/// The `data` of `GET /v1/workspaces`.
struct WorkspacePage: Encodable {
    let workspaces: [Workspace]
    let totalCount: Int

    private enum CodingKeys: String, CodingKey {
        case workspaces, totalCount = "total_count"
    }
}
