import SesameCore

extension ProviderFactory {
    /// `coze-jwt`: a Coze OAuth JWT app.
    ///
    /// Keys: `region` (`cn` or `com`), `appId`, `keyId`, `privateKey` (`{"store", "name"}`), and
    /// optionally `baseURL`, `audience`, `tokenLifetime` (1-86399, default 900), `jwtLifetime`
    /// (60-86400, default 600), `sessionContext` (`{"deviceId", "customConsumer"}`), `scope`
    /// (`{"permissions": [...], "botIds": [...]}`), `accountId` or `enterpriseId`, `timeout`
    /// (seconds, default 10), `maxAttempts` (1-10, default 3).
    public static let cozeJWT = ProviderFactory(
        type: "coze-jwt",
        summary: "Coze OAuth JWT app (coze.cn or coze.com)"
    ) { section, name in
        let region = section.choice("region", from: CozeRegion.allCases.map(\.rawValue), required: true).flatMap(CozeRegion.init(rawValue:))
        let appID = section.identifier("appId", required: true)
        let keyID = section.identifier("keyId", required: true)
        let privateKey = section.keyReference("privateKey", required: true)
        let baseURL = section.url("baseURL")
        let audience = section.string("audience")
        let tokenLifetime = section.integer("tokenLifetime", in: CozeJWTConfiguration.tokenLifetimeRange)
        let jwtLifetime = section.integer("jwtLifetime", in: 60...86400)
        let timeout = section.exchangeTimeout()
        let retry = section.retryPolicy()
        let sessionContext = readSessionContext(section)
        let scope = readScope(section)
        let tokenPath = readTokenPath(section)
        guard let region, let appID, let keyID, let privateKey, let tokenPath else { return nil }
        let configuration = CozeJWTConfiguration(
            appID: appID,
            keyID: keyID,
            privateKey: privateKey,
            region: region,
            baseURL: baseURL,
            audience: audience,
            tokenPath: tokenPath,
            tokenLifetime: tokenLifetime ?? 900,
            jwtLifetime: jwtLifetime ?? 600,
            sessionContext: sessionContext,
            scope: scope,
            timeout: timeout,
            retry: retry
        )
        return CozeJWTProvider(name: name, configuration: configuration, transport: section.context.transport, logger: section.context.logger, tracer: section.context.tracer)
    }

    private static func readSessionContext(_ section: ConfigSection) -> CozeSessionContext? {
        guard let context = section.section("sessionContext") else { return nil }
        let value = CozeSessionContext(deviceID: context.string("deviceId"), customConsumer: context.string("customConsumer"))
        if value.isEmpty { context.report(nil, "set deviceId and/or customConsumer, or remove sessionContext") }
        return value.isEmpty ? nil : value
    }

    private static func readScope(_ section: ConfigSection) -> CozeScope? {
        guard let scope = section.section("scope") else { return nil }
        let permissions = scope.strings("permissions", required: true)
        let botIDs = scope.strings("botIds", required: true)
        guard let permissions, let botIDs else { return nil }
        return CozeScope(permissions: permissions, botIDs: botIDs)
    }

    /// `.standard` unless `accountId` or `enterpriseId` is set; `nil` (with an issue) when both are.
    private static func readTokenPath(_ section: ConfigSection) -> CozeTokenPath? {
        let account = section.identifier("accountId")
        let enterprise = section.identifier("enterpriseId")
        switch (account, enterprise) {
        case (let account?, nil): return .account(account)
        case (nil, let enterprise?): return .enterprise(enterprise)
        case (.some, .some):
            section.report("enterpriseId", "set accountId (cross-account) or enterpriseId (enterprise privileged app), not both")
            return nil
        case (nil, nil):
            return section.contains("accountId") || section.contains("enterpriseId") ? nil : .standard
        }
    }
}
