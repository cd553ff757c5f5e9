/// One member (key and value) per call, so a model's `write(to:)` reads as the list of its
/// members in the order they appear.
extension JSONWriter {
    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// `null` when absent: the API shows every member of a model, set or not.
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        integer(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int64?) {
        key(name)
        integer(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        integer(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int?) {
        key(name)
        integer(value.map(Int64.init))
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    public mutating func member(_ name: StaticString, _ values: [String]) {
        key(name)
        strings(values)
    }

    public mutating func member(_ name: StaticString, _ values: [Int]) {
        key(name)
        beginArray()
        for value in values { integer(value) }
        endArray()
    }

    public mutating func member(_ name: StaticString, _ map: [String: String]) {
        key(name)
        stringMap(map)
    }

    public mutating func member(_ name: StaticString, _ value: some JSONWritable) {
        key(name)
        value.write(to: &self)
    }

    public mutating func member(_ name: StaticString, _ elements: [some JSONWritable]) {
        key(name)
        array(elements)
    }
}
