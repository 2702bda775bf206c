import SesameCore

extension CozeJWTHeader {
    /// The header as compact JSON with sorted keys: the bytes `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes, without its cost (a JWT is minted for every exchange).
    package var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 96)
        json.beginObject()
        json.member("alg", alg)
        json.member("kid", kid)
        json.member("typ", typ)
        json.endObject()
        return json.bytes
    }
}

extension CozeJWTClaims {
    /// The claims as compact JSON with sorted keys, absent optionals left out: the bytes `JSONEncoder`
    /// with `.sortedKeys` and `.withoutEscapingSlashes` writes.
    package var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.member("aud", aud)
        json.member("exp", exp)
        json.member("iat", iat)
        json.member("iss", iss)
        json.member("jti", jti)
        if let sessionContext {
            json.key("session_context")
            json.beginObject()
            json.key("device_info")
            json.beginObject()
            if let consumer = sessionContext.deviceInfo.customConsumer { json.member("custom_consumer", consumer) }
            if let deviceID = sessionContext.deviceInfo.deviceID { json.member("device_id", deviceID) }
            json.endObject()
            json.endObject()
        }
        if let sessionName { json.member("session_name", sessionName) }
        json.endObject()
        return json.bytes
    }
}
