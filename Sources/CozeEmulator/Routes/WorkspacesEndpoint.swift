import Foundation
import Hummingbird

/// `GET /v1/workspaces`: a protected Coze API that checks the bearer access token as Coze does.
struct WorkspacesEndpoint: Sendable {
    let ledger: TokenLedger
    let now: @Sendable () -> Date

    func respond(to request: Request, context: EmulatorRequestContext) -> Response {
        let now = Int(now().timeIntervalSince1970.rounded(.down))
        guard let header = request.headers[.authorization], let token = RequestHeaders.bearerToken(header) else {
            return JSONResponse.apiError(
                code: 4100,
                message: "authentication is invalid: no access token; send Authorization: Bearer <access token>",
                status: .unauthorized,
                logID: context.logID
            )
        }
        guard let grant = ledger.grant(for: token, now: now) else {
            return JSONResponse.apiError(
                code: 4100,
                message: "authentication is invalid: the access token is unknown or expired; get a new one from the token endpoint",
                status: .unauthorized,
                logID: context.logID
            )
        }
        let workspace = Workspace(id: "ws_\(grant.appID)", name: "Personal", workspace_type: "personal", role_type: "owner")
        return JSONResponse.make(WorkspacesBody(code: 0, msg: "", data: .init(workspaces: [workspace], total_count: 1)))
    }
}

struct Workspace: Codable {
    let id: String
    let name: String
    let workspace_type: String
    let role_type: String
}

struct WorkspacesBody: Codable {
    struct Page: Codable {
        let workspaces: [Workspace]
        let total_count: Int
    }
    let code: Int
    let msg: String
    let data: Page
}
