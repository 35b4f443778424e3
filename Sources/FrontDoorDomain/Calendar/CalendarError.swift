/// A problem with calendar configuration: working hours or bank-holiday data. The message is meant
/// to be shown to whoever supplied the configuration, so it names the offending value.
public struct CalendarError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
