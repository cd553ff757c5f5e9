extension JSONReader {
    /// `true` or `false`.
    mutating func readBool() throws(ReadError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw failure("expected true or false")
        }
    }

    /// An array of integers, e.g. the event tables that forwarded an occurrence.
    mutating func readIntegerArray() throws(ReadError) -> [Int] {
        var values: [Int] = []
        // An occurrence's tables: up to 8 (one allocation instead of growing 1, 2, 4, 8).
        values.reserveCapacity(8)
        try readArray { (reader: inout JSONReader) throws(ReadError) in values.append(try reader.readInteger()) }
        return values
    }

    /// An array of strings, e.g. the destinations of an occurrence.
    mutating func readStringArray() throws(ReadError) -> [String] {
        var values: [String] = []
        try readArray { (reader: inout JSONReader) throws(ReadError) in values.append(try reader.readString()) }
        return values
    }

    /// An array of strings that are mostly from `known`, e.g. the destinations of an occurrence.
    mutating func readStringArray(known: KnownTexts) throws(ReadError) -> [String] {
        var values: [String] = []
        values.reserveCapacity(8)
        try readArray { (reader: inout JSONReader) throws(ReadError) in values.append(try reader.readString(known: known)) }
        return values
    }

    /// An object whose members are all strings, e.g. an occurrence's parameters, its keys the
    /// set's own where they are among `knownKeys`. A repeated key is refused, as in the payload
    /// objects themselves.
    mutating func readStringMap(knownKeys: KnownTexts? = nil) throws(ReadError) -> [String: String] {
        var map: [String: String] = [:]
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "expected '{' at the start of an object")
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return map
        }
        while true {
            let key: String
            if let knownKeys { key = try readString(known: knownKeys) } else { key = try readString() }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after a key")
            let value = try readString()
            guard map.updateValue(value, forKey: key) == nil else { throw failure("duplicate key \"\(key)\"") }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return map
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func readArray(_ element: (inout JSONReader) throws(ReadError) -> Void) throws(ReadError) {
        skipWhitespace()
        try expect(UInt8(ascii: "["), "expected '[' at the start of an array")
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }
}
