import Foundation
import Hummingbird

/// Wraps every route: counts the request, gives it an `X-Tt-Logid` that every answer carries (404s
/// and errors included), and turns stray errors into JSON.
struct ResponseEnvelopeMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let stats: StatsRecorder
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        stats.countRequest(isTokenRequest: TokenPath(requestPath: request.uri.path) != nil)
        var context = context
        context.logID = LogID.make(at: now())
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let message = error.status == .notFound
                ? "no route for \(request.method) \(request.uri.path); the emulator serves POST \(TokenPath.standardRoute) (and its account and enterprise forms), GET /v1/workspaces, GET /__emulator/stats, GET and POST /__emulator/faults"
                : error.body ?? error.status.reasonPhrase
            let code = error.status == .notFound ? "not_found" : "invalid_request"
            response = JSONResponse.oauthError(TokenRejection(status: error.status, code: code, message: message), logID: context.logID)
        } catch {
            context.logger.error("unexpected error", metadata: ["error.type": "\(type(of: error))"])
            let failure = TokenRejection(status: .internalServerError, code: "internal_error", message: "internal error: the emulator failed to answer; see its log")
            response = JSONResponse.oauthError(failure, logID: context.logID)
        }
        response.headers[LogID.header] = context.logID
        // The rest of an oversized body is not worth reading: the connection ends after this answer
        // (ConnectionEdgeHandler closes it).
        if response.status == .contentTooLarge { response.headers[.connection] = "close" }
        return response
    }
}
