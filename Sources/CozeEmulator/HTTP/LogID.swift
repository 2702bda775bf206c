import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Coze-style request IDs for the `X-Tt-Logid` header: UTC `yyyyMMddHHmmss` then 20 random hex digits.
enum LogID {
    /// The header's name.
    static let header = HTTPField.Name("X-Tt-Logid")!

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// A fresh ID stamped with `date`.
    ///
    /// Written out digit by digit: every request gets one, and a `Calendar` per request cost more than
    /// the rest of a token request's bookkeeping.
    static func make(at date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, time) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = civilDate(daysSince1970: day)
        var text: [UInt8] = []
        text.reserveCapacity(34)
        append(max(0, min(year, 9999)), digits: 4, to: &text)
        append(month, digits: 2, to: &text)
        append(dayOfMonth, digits: 2, to: &text)
        append(time / 3600, digits: 2, to: &text)
        append(time / 60 % 60, digits: 2, to: &text)
        append(time % 60, digits: 2, to: &text)
        let (high, low) = nextRandom()
        for shift in stride(from: 60, through: 0, by: -4) { text.append(hexDigits[Int(high >> UInt64(shift) & 0x0F)]) }
        for shift in stride(from: 12, through: 0, by: -4) { text.append(hexDigits[Int(low >> UInt64(shift) & 0x0F)]) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The state of a SplitMix64 sequence, seeded once from the system's generator.
    ///
    /// A log ID only has to differ from the others, not to be unguessable: OpenSSL's generator took
    /// 2.5 µs a call in the emulator's profile, this takes nanoseconds.
    private static let sequence = Mutex(UInt64.random(in: .min ... .max))

    /// 80 random bits: 64 in `high`, 16 in `low`.
    private static func nextRandom() -> (high: UInt64, low: UInt16) {
        let (first, second) = sequence.withLock { state -> (UInt64, UInt64) in
            state &+= 0x9E37_79B9_7F4A_7C15
            let first = state
            state &+= 0x9E37_79B9_7F4A_7C15
            return (first, state)
        }
        return (mix(first), UInt16(truncatingIfNeeded: mix(second)))
    }

    /// SplitMix64's output function.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func append(_ value: Int64, digits: Int, to text: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The proleptic Gregorian year, month and day of a day count from 1970-01-01 (H. Hinnant's
    /// `civil_from_days`).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
