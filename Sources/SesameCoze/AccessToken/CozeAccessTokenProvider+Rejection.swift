import SesameCore

extension CozeAccessTokenProvider: TokenRejectionDescribing {
    /// Coze's APIs refuse tokens with 401 or `{"code": 4100|4101}` (``TokenRejectionRule/coze``).
    public var tokenRejectionRule: TokenRejectionRule { .coze }
}
