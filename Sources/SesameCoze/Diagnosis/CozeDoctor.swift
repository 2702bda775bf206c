import Foundation
import SesameCore
import SesameJOSE

/// Diagnoses a ``CozeJWTProvider``: every cause of a 401 that can be checked, one ``DiagnosisCheck``
/// each, with the fix.
///
/// Offline checks read the configuration and the key; online checks compare clocks with the server,
/// perform a real exchange, and on `invalid_client` try the other region's audience, the most common
/// mistake. A server can run it at start-up and log the result.
public struct CozeDoctor: Sendable {
    /// How the clock check reaches the server.
    public var transport: any HTTPTransport
    /// The local clock.
    public var now: @Sendable () -> Date
    /// The clock difference tolerated before the clock check fails, in seconds.
    public var clockTolerance: TimeInterval = 30

    /// Creates a doctor.
    public init(transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.now = now
    }

    /// Runs every check on `provider`.
    ///
    /// - Parameters:
    ///   - uploadedPublicKey: the PEM of the public key uploaded to Coze, to compare with the private key.
    ///   - offline: skip the checks that contact the server.
    public func diagnose(_ provider: CozeJWTProvider, uploadedPublicKey: String? = nil, offline: Bool = false) async -> Diagnosis {
        let configuration = provider.configuration
        var checks = apiBaseCheck(configuration.baseURL).map { [$0] } ?? []
        checks += [regionCheck(configuration), appIDCheck(configuration), keyIDCheck(configuration)]
        let key: RSAPrivateKey?
        do {
            let loaded = try await provider.privateKey()
            key = loaded
            checks.append(privateKeyCheck(loaded, reference: configuration.privateKey))
        } catch {
            key = nil
            checks.append(await unusableKeyCheck(error, reference: configuration.privateKey))
        }
        if let key {
            checks.append(contentsOf: keyPairChecks(key, configuration: configuration, uploadedPublicKey: uploadedPublicKey))
            checks.append(await jwtCheck(provider))
        }
        guard !offline, key != nil else { return Diagnosis(provider: provider.name, checks: checks) }
        checks.append(await clockCheck(configuration))
        checks.append(contentsOf: await exchangeChecks(provider))
        return Diagnosis(provider: provider.name, checks: checks)
    }

    // MARK: - Offline

    func regionCheck(_ configuration: CozeJWTConfiguration) -> DiagnosisCheck {
        let host = URLComponents(string: configuration.baseURL)?.host ?? configuration.baseURL
        let hostRegion: CozeRegion? = host.hasSuffix("coze.cn") ? .cn : host.hasSuffix("coze.com") ? .com : nil
        let audienceRegion = CozeRegion(audience: configuration.audience)
        if let hostRegion, let audienceRegion, hostRegion != audienceRegion {
            return DiagnosisCheck("region", .fail, "aud \(configuration.audience) (region \(audienceRegion.rawValue)) is sent to \(host) (region \(hostRegion.rawValue))",
                                  remedy: "set \"region\" to the region the app was created in and remove the baseURL/audience overrides")
        }
        if let hostRegion, hostRegion != configuration.region {
            return DiagnosisCheck("region", .fail, "region is \(configuration.region.rawValue) but baseURL \(configuration.baseURL) is a \(hostRegion.rawValue) host",
                                  remedy: "remove baseURL, or set \"region\": \"\(hostRegion.rawValue)\"")
        }
        if audienceRegion == nil {
            return DiagnosisCheck("region", .warning, "aud \(configuration.audience) is not a Coze region's audience (api.coze.cn or api.coze.com); fine for a proxy or the emulator only",
                                  remedy: "remove \"audience\" unless your endpoint requires it")
        }
        if hostRegion == nil {
            return DiagnosisCheck("region", .warning, "region \(configuration.region.rawValue) (aud \(configuration.audience)) against a non-Coze host \(host): fine for a proxy or the emulator")
        }
        return DiagnosisCheck("region", .pass, "region \(configuration.region.rawValue): aud \(configuration.audience) matches \(configuration.baseURL)")
    }

    func appIDCheck(_ configuration: CozeJWTConfiguration) -> DiagnosisCheck {
        let shape = IdentifierShape(configuration.appID)
        switch shape {
        case .appID:
            return DiagnosisCheck("app-id", .pass, "app ID \(configuration.appID) has the shape of a Coze OAuth app ID (digits)")
        case .longNumericID:
            return DiagnosisCheck("app-id", .warning, "app ID \(configuration.appID) is \(configuration.appID.count) digits: it looks like \(shape.description), not an OAuth app ID",
                                  remedy: "copy the App ID from the OAuth app's page in the Coze console")
        case .token, .pem:
            return DiagnosisCheck("app-id", .fail, "appId holds \(shape.description), not an app ID",
                                  remedy: "remove the secret from providers.json and copy the App ID from the OAuth app's page")
        case .keyID, .other:
            return DiagnosisCheck("app-id", .fail, "app ID \"\(configuration.appID)\" looks like \(shape.description); Coze app IDs are digits",
                                  remedy: "copy the App ID from the OAuth app's page in the Coze console")
        }
    }

    func keyIDCheck(_ configuration: CozeJWTConfiguration) -> DiagnosisCheck {
        if configuration.keyID == configuration.appID {
            return DiagnosisCheck("key-id", .fail, "key ID equals the app ID", remedy: "set keyId to the public key's fingerprint shown next to the uploaded key")
        }
        let shape = IdentifierShape(configuration.keyID)
        switch shape {
        case .keyID:
            return DiagnosisCheck("key-id", .pass, "key ID has the shape of a Coze key ID (43 base64url characters)")
        case .token, .pem:
            return DiagnosisCheck("key-id", .fail, "keyId holds \(shape.description), not a key ID",
                                  remedy: "remove the secret from providers.json and copy the key ID (fingerprint) from the app's page")
        case .appID, .longNumericID:
            return DiagnosisCheck("key-id", .fail, "key ID \"\(configuration.keyID)\" is numeric: it looks like an app or bot ID",
                                  remedy: "copy the public key's fingerprint (key ID) from the app's page, not the app ID")
        case .other:
            return DiagnosisCheck("key-id", .warning, "key ID \"\(configuration.keyID)\" is \(configuration.keyID.count) characters; Coze key IDs are 43 base64url characters",
                                  remedy: "copy the key ID (fingerprint) from the app's page")
        }
    }

    func privateKeyCheck(_ key: RSAPrivateKey, reference: KeyReference) -> DiagnosisCheck {
        guard key.bits >= 2048 else {
            return DiagnosisCheck("private-key", .fail, "private key \(reference): RSA \(key.bits) bits is too small",
                                  remedy: "generate a 2048-bit or larger key (sesame keys generate --out KEY) and upload its public key")
        }
        return DiagnosisCheck("private-key", .pass, "private key \(reference): RSA \(key.bits) bits, \(key.format)")
    }

    func keyPairChecks(_ key: RSAPrivateKey, configuration: CozeJWTConfiguration, uploadedPublicKey: String?) -> [DiagnosisCheck] {
        let thumbprint = key.publicKey.thumbprint
        var checks: [DiagnosisCheck] = []
        if let uploadedPublicKey {
            do {
                let uploaded = try RSAPublicKey(pem: uploadedPublicKey)
                checks.append(uploaded.matches(key)
                    ? DiagnosisCheck("key-pair", .pass, "the private key matches the uploaded public key")
                    : DiagnosisCheck("key-pair", .fail, "the private key does not match the uploaded public key (thumbprints \(thumbprint) and \(uploaded.thumbprint))",
                                     remedy: "upload this key's public half (sesame keys inspect KEY prints it), or use the private key that belongs to the uploaded one"))
            } catch {
                checks.append(DiagnosisCheck("key-pair", .fail, "cannot read the public key given with --public-key: \(error)"))
            }
        }
        if thumbprint == configuration.keyID {
            checks.append(DiagnosisCheck("thumbprint", .pass, "key ID equals the private key's RFC 7638 thumbprint"))
        } else {
            checks.append(DiagnosisCheck("thumbprint", .info, "the private key's RFC 7638 thumbprint is \(thumbprint); compare with the key ID on the app's page (Coze does not publish its fingerprint scheme, so a difference is a hint, not proof)"))
        }
        return checks
    }

    func jwtCheck(_ provider: CozeJWTProvider) async -> DiagnosisCheck {
        do {
            let assertion = try await provider.assertion()
            let claims = assertion.claims
            var problems: [String] = []
            if claims.exp <= claims.iat { problems.append("exp is not after iat") }
            if claims.jti.count < 32 { problems.append("jti is shorter than 32 characters") }
            if assertion.header.alg != "RS256" || assertion.header.typ != "JWT" { problems.append("header must be alg RS256, typ JWT") }
            let summary = "JWT: alg \(assertion.header.alg), typ \(assertion.header.typ), kid \(assertion.header.kid), iss \(claims.iss), aud \(claims.aud), exp-iat \(claims.exp - claims.iat) s, jti \(claims.jti.count) chars, no scope claim (scope goes in the body)"
            return problems.isEmpty
                ? DiagnosisCheck("jwt", .pass, summary)
                : DiagnosisCheck("jwt", .fail, summary + "; " + problems.joined(separator: ", "))
        } catch {
            return DiagnosisCheck("jwt", .fail, "cannot sign a JWT: \(error)")
        }
    }
}
