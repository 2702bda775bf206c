import Foundation
import SesameCore

extension CozeDoctor {
    /// Compares the local clock with the server's `Date` header.
    func clockCheck(_ configuration: CozeJWTConfiguration) async -> DiagnosisCheck {
        let sent = now()
        let response: HTTPTransportResponse
        do {
            response = try await transport.send(HTTPTransportRequest(method: "GET", url: configuration.baseURL + "/", timeout: configuration.timeout))
        } catch {
            return DiagnosisCheck("clock", .fail, "cannot reach \(configuration.baseURL): \(error)",
                                  remedy: "check baseURL, DNS, proxies and firewalls (HTTPS_PROXY is not used by Sesame)")
        }
        guard let header = response.header("Date"), let serverTime = Self.httpDate(header) else {
            return DiagnosisCheck("clock", .warning, "\(configuration.baseURL) sent no Date header; clock skew not checked")
        }
        let local = sent.addingTimeInterval(now().timeIntervalSince(sent) / 2)
        let skew = local.timeIntervalSince(serverTime)
        guard abs(skew) <= clockTolerance else {
            let direction = skew > 0 ? "ahead of" : "behind"
            return DiagnosisCheck("clock", .fail, "the local clock is \(Int(abs(skew))) s \(direction) the server's; iat/exp will be rejected",
                                  remedy: "synchronise the clock (NTP: timedatectl set-ntp true)")
        }
        return DiagnosisCheck("clock", .pass, "clock within \(Int(abs(skew).rounded())) s of the server's")
    }

    /// A real exchange; on `invalid_client`, the same exchange with the other region's audience.
    func exchangeChecks(_ provider: CozeJWTProvider) async -> [DiagnosisCheck] {
        do {
            let token = try await provider.fetchToken(TokenRequest())
            return [DiagnosisCheck("exchange", .pass, "token exchange succeeded; the token expires \(token.expiresAt.formatted(.iso8601))")]
        } catch let error as CozeError {
            var checks = [DiagnosisCheck("exchange", .fail, error.message)]
            if error.code == .invalidClient {
                checks.append(await otherRegionCheck(provider))
            }
            return checks
        } catch {
            return [DiagnosisCheck("exchange", .fail, "token exchange failed: \(error)")]
        }
    }

    private func otherRegionCheck(_ provider: CozeJWTProvider) async -> DiagnosisCheck {
        let configuration = provider.configuration
        let other = configuration.region.other
        var alternative = configuration
        alternative.region = other
        alternative.audienceOverride = nil
        // An endpoint that is the region's own moves with the region; a proxy or emulator stays.
        if configuration.baseURL == configuration.region.baseURL { alternative.baseURLOverride = nil }
        alternative.retry = .none
        let probe = CozeJWTProvider(name: provider.name, configuration: alternative, transport: provider.transportForDiagnosis, now: now)
        do {
            _ = try await probe.fetchToken(TokenRequest())
            return DiagnosisCheck("other-region", .fail, "the same app and key are accepted with region \(other.rawValue) (aud \(other.audience)): the app belongs to coze.\(other.rawValue)",
                                  remedy: "set \"region\": \"\(other.rawValue)\" for this provider")
        } catch {
            return DiagnosisCheck("other-region", .info, "region \(other.rawValue) (aud \(other.audience)) rejects it too: the cause is the app ID, the key ID or the key pair, not the region")
        }
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
