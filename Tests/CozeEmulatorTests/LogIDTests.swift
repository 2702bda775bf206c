@testable import CozeEmulator
import Foundation
import Testing

@Suite("Log IDs: a UTC stamp and 20 hex digits")
struct LogIDTests {
    private static func calendarStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    @Test("the stamp is the calendar's UTC date and time, across leap days, century years and whole days")
    func stampMatchesCalendar() {
        var instants: [TimeInterval] = [0, 59.999, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, 1_795_582_500.75, 253_402_300_799]
        var seconds: TimeInterval = 0
        while seconds < 4_200_000_000 {
            instants.append(seconds)
            seconds += 7_654_321.5
        }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            let id = LogID.make(at: date)
            #expect(id.prefix(14) == Self.calendarStamp(date), "at \(instant)")
        }
    }

    @Test("20 uppercase hex digits follow, different each time")
    func randomSuffix() {
        let ids = (0..<100).map { _ in LogID.make(at: Date()) }
        for id in ids {
            #expect(id.count == 34)
            #expect(id.dropFirst(14).allSatisfy { "0123456789ABCDEF".contains($0) })
        }
        #expect(Set(ids.map { $0.dropFirst(14) }).count == 100)
    }
}
