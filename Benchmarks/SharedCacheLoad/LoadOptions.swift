/// `SharedCacheLoad`'s flags.
struct LoadOptions {
    var config = ""
    var provider = ""
    var callers = 1

    /// Parses `--flag value` pairs; `nil` on anything else, or without `--config` and `--provider`.
    init?(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { return nil }
            switch flag {
            case "--config": config = value
            case "--provider": provider = value
            case "--callers":
                guard let count = Int(value), count > 0 else { return nil }
                callers = count
            default: return nil
            }
        }
        guard !config.isEmpty, !provider.isEmpty else { return nil }
    }
}
