import Foundation
import SesameCore

/// The HTTP request of one exchange (RFC 6749 §4.4.2): a form-encoded POST carrying the grant
/// parameters and the client's credentials in the configured way (§2.3.1).
///
/// The secret has to become part of a header or body, which are ordinary memory; it stays there only
/// for the exchange. ``secretForms`` lists every form it takes, so that server text quoted in an
/// error can be scrubbed of it.
struct OAuth2ExchangeRequest: Sendable {
    /// The request to send.
    let http: HTTPTransportRequest
    /// The secret as sent: raw, form-encoded, and the Basic credentials; never printed.
    let secretForms: [String]

    /// Builds the request for `parameters`, authenticating with `secret` as `configuration` says.
    init(configuration: OAuth2ClientCredentialsConfiguration, parameters: OAuth2TokenParameters, secret: SecretBytes) {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
            ("User-Agent", "sesame/0.1"),
        ]
        var fields = parameters.formFields
        let rawSecret = secret.withUnsafeBytes { Array($0) }
        let encodedSecret = FormURLEncoding.encode(rawSecret)
        var forms = [String(decoding: rawSecret, as: UTF8.self), String(decoding: encodedSecret, as: UTF8.self)]
        switch configuration.authMethod {
        case .clientSecretBasic:
            // §2.3.1: the ID and the secret are form-encoded before they are joined and base64-encoded,
            // so that a ':' in either survives.
            let credentials = FormURLEncoding.encode(configuration.clientID) + [UInt8(ascii: ":")] + encodedSecret
            let basic = Data(credentials).base64EncodedString()
            headers.append(("Authorization", "Basic \(basic)"))
            forms.append(basic)
        case .clientSecretPost:
            fields.append(("client_id", Array(configuration.clientID.utf8)))
            fields.append(("client_secret", rawSecret))
        }
        http = HTTPTransportRequest(
            method: "POST",
            url: configuration.tokenURL,
            headers: headers,
            body: FormURLEncoding.body(fields),
            timeout: configuration.timeout
        )
        secretForms = forms.filter { !$0.isEmpty }
    }
}
