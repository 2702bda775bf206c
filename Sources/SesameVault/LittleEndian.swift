/// Little-endian integers in raw buffers: the only byte order the format uses.
enum LittleEndian {
    static func read<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count, "read past the buffer")
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(bytes[offset + index]) << (8 * index)
        }
        return value
    }

    static func read<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, from bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { read(type, from: $0, at: offset) }
    }

    static func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T, to bytes: UnsafeMutableRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count, "write past the buffer")
        for index in 0..<MemoryLayout<T>.size {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }

    static func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T, to bytes: inout [UInt8], at offset: Int) {
        bytes.withUnsafeMutableBytes { write(value, to: $0, at: offset) }
    }
}
