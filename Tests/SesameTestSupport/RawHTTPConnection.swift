import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection to a local server that a test drives byte by byte: partial requests, pipelined
/// requests, bodies that never finish. Blocking calls; run them with `offPool`.
public final class RawHTTPConnection: @unchecked Sendable {
    // @unchecked: one test uses a connection from one thread at a time.

    /// An HTTP/1.1 response read off the wire.
    public struct Response: Sendable {
        /// The status code.
        public let status: Int
        /// Header values by lowercased name.
        public let headers: [String: String]
        /// The body.
        public let body: [UInt8]

        /// The value of header `name` (any case).
        public func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// The body as a JSON object.
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw Failure.malformed("body is not a JSON object: \(text)")
            }
            return object
        }

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why a connection or a read failed.
    public enum Failure: Error, Equatable {
        case connectFailed(Int32)
        case closedWithoutResponse
        case timedOut
        case malformed(String)
    }

    /// The socket.
    public let descriptor: Int32
    private var buffered: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds.
    public init(port: Int, timeout: Int = 20) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure.connectFailed(errno) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Failure.connectFailed(code)
        }
    }

    deinit { close(descriptor) }

    /// Sends `text` (or as much as the peer takes before it closes); returns the bytes sent.
    @discardableResult
    public func send(_ text: String) -> Int { send(Array(text.utf8)) }

    /// Sends `bytes`; returns how many were sent before an error.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            let count = bytes[sent...].withUnsafeBytes { Darwin.send(descriptor, $0.baseAddress, $0.count, 0) }
            #endif
            guard count > 0 else { return sent }
            sent += count
        }
        return sent
    }

    /// Sends an HTTP/1.1 request with `Host` and, when there is a body, `Content-Length`; no other
    /// header is added, so a test controls every one. Returns the bytes sent (fewer when the server
    /// closes first, as it may after answering early).
    @discardableResult
    public func sendRequest(method: String, path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) -> Int {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return send(Array(head.utf8) + (body ?? []))
    }

    /// The next response on the connection: a `Content-Length` body, a chunked one, or (with
    /// `Connection: close` and neither) everything up to the end of the connection.
    public func readResponse() throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd = find(separator)
        while headEnd == nil {
            guard try receive() else {
                throw buffered.isEmpty ? Failure.closedWithoutResponse : Failure.malformed("closed inside a head")
            }
            headEnd = find(separator)
        }
        let lines = String(decoding: buffered[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        buffered.removeFirst(headEnd! + separator.count)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed("status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body: [UInt8]
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try readChunkedBody()
        } else if let length = headers["content-length"].flatMap(Int.init) {
            body = try take(length)
        } else if headers["connection"]?.lowercased() == "close" {
            while try receive() {}
            body = buffered
            buffered = []
        } else {
            body = []
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server has closed the connection: end of file (or a reset) within the read timeout,
    /// with nothing more to read.
    public func isClosedByServer() throws -> Bool {
        while true {
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { continue }
            if count == 0 { return true }
            if errno == EAGAIN || errno == EWOULDBLOCK { return false }
            return true
        }
    }

    /// Reads more bytes into the buffer; `false` at end of file.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffered += chunk[0..<count]
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut }
        return false
    }

    /// The next `count` bytes, read as they arrive.
    private func take(_ count: Int) throws -> [UInt8] {
        while buffered.count < count {
            guard try receive() else { throw Failure.malformed("closed inside a body") }
        }
        defer { buffered.removeFirst(count) }
        return Array(buffered[0..<count])
    }

    /// A chunked body's content (chunk extensions and trailers ignored).
    private func readChunkedBody() throws -> [UInt8] {
        let lineEnd: [UInt8] = Array("\r\n".utf8)
        var body: [UInt8] = []
        while true {
            var end = find(lineEnd)
            while end == nil {
                guard try receive() else { throw Failure.malformed("closed inside a chunk size") }
                end = find(lineEnd)
            }
            let sizeLine = String(decoding: try take(end! + lineEnd.count).dropLast(lineEnd.count), as: UTF8.self)
            guard let size = Int(sizeLine.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw Failure.malformed("chunk size \(sizeLine)")
            }
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while true {
                    var trailerEnd = find(lineEnd)
                    while trailerEnd == nil {
                        guard try receive() else { return body }
                        trailerEnd = find(lineEnd)
                    }
                    let trailer = try take(trailerEnd! + lineEnd.count)
                    if trailer.count == lineEnd.count { return body }
                }
            }
            body += try take(size)
            _ = try take(lineEnd.count)
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffered.count >= needle.count else { return nil }
        return (0...(buffered.count - needle.count)).first { buffered[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
