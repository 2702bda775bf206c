import Foundation
import HTTPTypes
import Hummingbird

/// Coze-style request IDs for the `X-Tt-Logid` header: UTC `yyyyMMddHHmmss` then 20 random hex digits.
enum LogID {
    /// The header's name.
    static let header = HTTPField.Name("X-Tt-Logid")!

    /// A fresh ID stamped with `date`.
    static func make(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = [parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0]
            .enumerated()
            .map { index, value in
                let text = String(value)
                return String(repeating: "0", count: max(0, (index == 0 ? 4 : 2) - text.count)) + text
            }
            .joined()
        var generator = SystemRandomNumberGenerator()
        let random = (0..<10).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            let text = String(byte, radix: 16, uppercase: true)
            return text.count == 1 ? "0" + text : text
        }
        return stamp + random.joined()
    }
}
