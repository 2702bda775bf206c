/// The envelope of Coze's OpenAPI answers (`/v1/...`): `code` (0 on success), `msg`, the payload in
/// `data` on success and the request's log ID in `detail.logid` on failure. Absent parts are left out.
struct OpenAPIBody<Payload: Encodable>: Encodable {
    let code: Int
    let msg: String
    var data: Payload?
    var detail: LogIDDetail?

    /// A success: code 0, an empty `msg` and `payload` in `data`.
    static func success(_ payload: Payload) -> Self {
        Self(code: 0, msg: "", data: payload)
    }
}

extension OpenAPIBody where Payload == Never {
    /// A failure: `code` (such as 4100) and `message`, with the log ID and no `data`.
    static func failure(code: Int, message: String, logID: String) -> Self {
        Self(code: code, msg: message, detail: LogIDDetail(logid: logID))
    }
}

/// `{"logid": …}`, as Coze's error answers carry it in `detail`.
struct LogIDDetail: Encodable {
    let logid: String
}
