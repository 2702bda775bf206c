/// The label of the first PEM block in some text (`PRIVATE KEY`, `RSA PRIVATE KEY`, ...), found
/// without copying the text.
enum PEMLabel: Equatable {
    case privateKeyPKCS8
    case encryptedPrivateKeyPKCS8
    case rsaPrivateKeyPKCS1(encrypted: Bool)
    case publicKey
    case rsaPublicKeyPKCS1
    case otherPrivateKey(String)
    case other(String)
    case none

    init(scanning bytes: UnsafeRawBufferPointer) {
        let marker = Array("-----BEGIN ".utf8)
        guard let start = Self.find(marker, in: bytes, from: 0) else {
            self = .none
            return
        }
        let labelStart = start + marker.count
        var labelEnd = labelStart
        while labelEnd < bytes.count, bytes[labelEnd] != UInt8(ascii: "-"), bytes[labelEnd] != UInt8(ascii: "\n") {
            labelEnd += 1
        }
        let label = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[labelStart..<labelEnd]), as: UTF8.self)
        switch label {
        case "PRIVATE KEY": self = .privateKeyPKCS8
        case "ENCRYPTED PRIVATE KEY": self = .encryptedPrivateKeyPKCS8
        case "RSA PRIVATE KEY":
            self = .rsaPrivateKeyPKCS1(encrypted: Self.find(Array("Proc-Type: 4,ENCRYPTED".utf8), in: bytes, from: labelEnd) != nil)
        case "PUBLIC KEY": self = .publicKey
        case "RSA PUBLIC KEY": self = .rsaPublicKeyPKCS1
        default:
            self = label.hasSuffix("PRIVATE KEY") ? .otherPrivateKey(label) : .other(label)
        }
    }

    var isEncrypted: Bool {
        switch self {
        case .encryptedPrivateKeyPKCS8, .rsaPrivateKeyPKCS1(encrypted: true): true
        default: false
        }
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from offset: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = offset
        while index + needle.count <= haystack.count {
            var match = true
            for (position, byte) in needle.enumerated() where haystack[index + position] != byte {
                match = false
                break
            }
            if match { return index }
            index += 1
        }
        return nil
    }
}
