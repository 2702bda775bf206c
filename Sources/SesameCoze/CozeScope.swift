/// The `scope` of a channel app's token request: permissions and the bots they apply to.
public struct CozeScope: Sendable, Hashable {
    /// Permission names, e.g. `Connector.botChat`.
    public var permissions: [String]
    /// Bot IDs the token may chat with.
    public var botIDs: [String]

    /// Creates a scope.
    public init(permissions: [String], botIDs: [String]) {
        self.permissions = permissions
        self.botIDs = botIDs
    }

    /// The request-body form Coze documents, every level present.
    var body: ScopeBody {
        ScopeBody(
            account_permission: .init(permission_list: permissions),
            attribute_constraint: .init(connector_bot_chat_attribute: .init(bot_id_list: botIDs))
        )
    }

    struct ScopeBody: Encodable {
        struct AccountPermission: Encodable { let permission_list: [String] }
        struct BotChatAttribute: Encodable { let bot_id_list: [String] }
        struct AttributeConstraint: Encodable { let connector_bot_chat_attribute: BotChatAttribute }
        let account_permission: AccountPermission
        let attribute_constraint: AttributeConstraint
    }
}

/// Coze's `session_context` claim: per-device usage control (enterprise edition).
public struct CozeSessionContext: Sendable, Hashable {
    /// `device_info.device_id`.
    public var deviceID: String?
    /// `device_info.custom_consumer`.
    public var customConsumer: String?

    /// Creates a context.
    public init(deviceID: String? = nil, customConsumer: String? = nil) {
        self.deviceID = deviceID
        self.customConsumer = customConsumer
    }

    /// Whether neither field is set.
    public var isEmpty: Bool { deviceID == nil && customConsumer == nil }
}
