@testable import CozeEmulator
import Testing

@Suite("Token paths are recognised with their IDs")
struct TokenPathRecognitionTests {
    @Test("token paths are recognised with their IDs")
    func tokenPaths() {
        #expect(TokenPath(requestPath: "/api/permission/oauth2/token") == .standard)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/token?x=1") == .standard)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/account/42/token") == .account("42"))
        #expect(TokenPath(requestPath: "/api/permission/oauth2/enterprise_id/7/token") == .enterprise("7"))
        #expect(TokenPath(requestPath: "/v1/workspaces") == nil)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/code/token") == nil)
    }
}
