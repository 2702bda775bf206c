extension RegistryBuilder {
    /// The configuration fingerprint of the provider of `type` whose section is at `path`: a SHA-256
    /// over its type, every value its factory read under `path` (nested objects included), and the
    /// type and values read of every key store its key references name.
    ///
    /// Values are taken as parsed, so key order and whitespace do not matter; a changed app ID, key ID,
    /// region, URL, scope or lifetime does.
    func configurationFingerprint(type: String, at path: ConfigPath) -> String {
        var encoding = CanonicalEncoding()
        encoding.append("sesame-configuration-fingerprint/1")
        encoding.append(type)
        appendValuesRead(under: path, to: &encoding)
        let stores = Set(storeReferences.filter { $0.from.isWithin(path) }.map { $0.store }).sorted()
        for store in stores {
            guard let section = storeSections[store], let built = builtStores[store] else { continue }
            encoding.append("keyStore")
            encoding.append(store)
            encoding.append(built.type)
            appendValuesRead(under: section, to: &encoding)
        }
        return SHA256Digest.hex(of: encoding.bytes)
    }

    private func appendValuesRead(under path: ConfigPath, to encoding: inout CanonicalEncoding) {
        let values = valuesRead.filter { $0.key.isWithin(path) }.sorted { $0.key < $1.key }
        encoding.append(String(values.count))
        for (valuePath, value) in values {
            encoding.append(valuePath.description)
            encoding.append(value)
        }
    }
}

extension CanonicalEncoding {
    /// Appends `value` with its kind and, for arrays and objects, its length, so that no two different
    /// values encode to the same bytes; object members in key order.
    mutating func append(_ value: JSONValue) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .number(let text):
            append("number")
            append(text)
        case .string(let text):
            append("string")
            append(text)
        case .array(let elements):
            append("array")
            append(String(elements.count))
            for element in elements { append(element) }
        case .object(let members):
            append("object")
            append(String(members.count))
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                append(key)
                append(member)
            }
        }
    }
}
