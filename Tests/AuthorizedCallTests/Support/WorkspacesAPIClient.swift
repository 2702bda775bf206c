import Foundation
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime

/// The client swift-openapi-generator writes for one operation, `GET /v1/workspaces`
/// (`listWorkspaces`), reduced to what the tests read: it drives the same `UniversalClient`,
/// transport and middleware chain as generated code does.
struct WorkspacesAPIClient: Sendable {
    /// What the tests read of an answer: the HTTP status and Coze's `code`.
    struct Answer: Sendable {
        let status: Int
        let code: Int?
    }

    private let client: UniversalClient

    init(serverURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware]) {
        client = UniversalClient(serverURL: serverURL, transport: transport, middlewares: middlewares)
    }

    /// `GET /v1/workspaces`, with `body` when given (a GET body only serves to test replayability).
    func listWorkspaces(body: HTTPBody? = nil) async throws -> Answer {
        try await client.send(
            input: body,
            forOperation: "listWorkspaces",
            serializer: { body in
                var request = HTTPTypes.HTTPRequest(soar_path: "/v1/workspaces", method: .get)
                request.headerFields[.accept] = "application/json"
                return (request, body)
            },
            deserializer: { response, body in
                var bytes: [UInt8] = []
                if let body { bytes = try await [UInt8](collecting: body, upTo: 1 << 16) }
                let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
                return Answer(status: response.status.code, code: object?["code"] as? Int)
            }
        )
    }
}
