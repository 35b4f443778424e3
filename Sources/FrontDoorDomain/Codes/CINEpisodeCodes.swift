/// CIN census code lists for a referral's episode (cin_codes.md, from the 2026 schema).
public enum CINEpisodeCodes {
    /// Factors identified at assessment (N00181). 18A and 19A are superseded by 18B/18C and
    /// 19B/19C and raise validator queries, so they are not accepted.
    public static let assessmentFactors: Set<String> = [
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
        "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C",
        "20", "21", "22A", "23A", "24A",
    ]
    /// Reason for closure (N00103).
    public static let reasonsForClosure: Set<String> = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]
    /// Primary need (N00101).
    public static let primaryNeeds: Set<String> = ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
}
