import Foundation
import HTTPTypes
import Hummingbird
import SesameJOSE

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
        for byte in SecureRandom.bytes(10) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
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
