/// The password rules, after the NCSC's advice: length over complexity, no common passwords, no
/// forced composition rules that people defeat predictably.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// A few of the most used passwords and the patterns staff reach for first; longer lists can be
    /// loaded later without changing the rule.
    static let common: Set<String> = [
        "password1234", "passwordpassword", "123456789012", "qwertyuiopas", "letmein12345", "welcome12345",
        "iloveyou1234", "administrator", "changeme1234", "football1234", "monkey123456", "abcdefghijkl",
        "safeguarding", "safeguarding1", "frontdoor123", "socialworker", "hampshire123", "children1234",
    ]

    /// Every reason the password is refused, in plain words; empty when it is acceptable.
    public static func problems(_ password: String, email: String? = nil) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("use at least \(minimumLength) characters (three random words work well)") }
        if password.count > maximumLength { problems.append("use at most \(maximumLength) characters") }
        let folded = password.lowercased()
        if common.contains(folded) { problems.append("this password is too common") }
        if Set(folded).count < 4 { problems.append("use more than three different characters") }
        if let local = email?.split(separator: "@").first.map(String.init)?.lowercased(), local.count >= 4, folded.contains(local) {
            problems.append("do not use your email name in your password")
        }
        return problems
    }
}
