/// The code sets the children in need census uses beyond those the rest of the domain already
/// shares with it (`Sex`, `Ethnicity`, `Disability`, `ReferralSource`, `PrimaryNeed`, `ReasonForClosure`).
/// Codes and meanings are the DfE's (docs/standards/cin_codes.md, section 3).

// Primary need (`PrimaryNeed`) and reason for closure (`ReasonForClosure`) are the shared code
// lists in Interchange/ReferralCodes.swift: the referral records and the census use the same codes.

extension ReasonForClosure {
    /// RC8 and RC9 mean the episode ended with the assessment: no section 47 enquiry, conference or
    /// plan of any kind may be on it (rule 2990), and it must have an assessment (rule 8825Q).
    public var closesAfterAssessment: Bool { self == .RC8 || self == .RC9 }
}

/// Category of abuse on a child protection plan (N00113, N00114).
public enum CINCategoryOfAbuse: String, CaseIterable, Codable, Sendable {
    case NEG, PHY, SAB, EMO, MUL

    public var label: String {
        switch self {
        case .NEG: "Neglect"
        case .PHY: "Physical abuse"
        case .SAB: "Sexual abuse"
        case .EMO: "Emotional abuse"
        case .MUL: "Multiple/not recommended"
        }
    }
}

/// Why a child has no UPN (N00135). Only UN7 has a meaning confirmed by the sources we hold
/// (rule 8772: "referral with no further action"); rule 8770Q says UN1 is not acceptable for a
/// child of school age, which fits the usual reading of UN1 as "under school age, no UPN yet".
public enum UPNUnknownReason: String, CaseIterable, Codable, Sendable {
    case UN1, UN2, UN3, UN4, UN5, UN6, UN7
}

/// Factors identified at the end of an assessment (N00181).
///
/// 18A and 19A are deliberately absent: the DfE replaced them with 18B/18C and 19B/19C and the
/// validator queries them (8945Q, 8950Q), so the census writer can never emit them.
public enum CINAssessmentFactor: String, CaseIterable, Codable, Sendable {
    case alcoholMisuseChild = "1A", alcoholMisuseParent = "1B", alcoholMisuseHousehold = "1C"
    case drugMisuseChild = "2A", drugMisuseParent = "2B", drugMisuseHousehold = "2C"
    case domesticAbuseChild = "3A", domesticAbuseParent = "3B", domesticAbuseHousehold = "3C"
    case mentalHealthChild = "4A", mentalHealthParent = "4B", mentalHealthHousehold = "4C"
    case learningDisabilityChild = "5A", learningDisabilityParent = "5B", learningDisabilityHousehold = "5C"
    case physicalDisabilityChild = "6A", physicalDisabilityParent = "6B", physicalDisabilityHousehold = "6C"
    case youngCarer = "7A"
    case privatelyFosteredOverseasReturning = "8B", privatelyFosteredOverseasStaying = "8C"
    case privatelyFosteredUKEducation = "8D", privatelyFosteredUKFamilyArrangement = "8E"
    case privatelyFosteredOther = "8F"
    case unaccompaniedAsylumSeeking = "9A"
    case missing = "10A"
    case childSexualExploitation = "11A"
    case trafficking = "12A"
    case gangs = "13A"
    case sociallyUnacceptableBehaviour = "14A"
    case selfHarm = "15A"
    case neglect = "16A"
    case emotionalAbuse = "17A"
    case physicalAbuseByChild = "18B", physicalAbuseByAdult = "18C"
    case sexualAbuseByChild = "19B", sexualAbuseByAdult = "19C"
    case other = "20"
    /// Only ever on its own (rule 8869), and normally on an assessment that closed the case (8873Q).
    case noFactorsIdentified = "21"
    case femaleGenitalMutilation = "22A"
    case abuseLinkedToFaithOrBelief = "23A"
    case childCriminalExploitation = "24A"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .alcoholMisuseChild: "Alcohol misuse by the child"
        case .alcoholMisuseParent: "Alcohol misuse by the parent(s)/carer(s)"
        case .alcoholMisuseHousehold: "Alcohol misuse by another person in the household"
        case .drugMisuseChild: "Drug misuse by the child"
        case .drugMisuseParent: "Drug misuse by the parent(s)/carer(s)"
        case .drugMisuseHousehold: "Drug misuse by another person in the household"
        case .domesticAbuseChild: "Domestic abuse: the child"
        case .domesticAbuseParent: "Domestic abuse: the parent(s)/carer(s)"
        case .domesticAbuseHousehold: "Domestic abuse: another person in the household"
        case .mentalHealthChild: "Mental health of the child"
        case .mentalHealthParent: "Mental health of the parent(s)/carer(s)"
        case .mentalHealthHousehold: "Mental health of another person in the family/household"
        case .learningDisabilityChild: "Learning disability of the child"
        case .learningDisabilityParent: "Learning disability of the parent(s)/carer(s)"
        case .learningDisabilityHousehold: "Learning disability of another person in the family/household"
        case .physicalDisabilityChild: "Physical disability or illness of the child"
        case .physicalDisabilityParent: "Physical disability or illness of the parent(s)/carer(s)"
        case .physicalDisabilityHousehold: "Physical disability or illness of another person in the family/household"
        case .youngCarer: "Young carer"
        case .privatelyFosteredOverseasReturning: "Privately fostered: overseas child who intends to return"
        case .privatelyFosteredOverseasStaying: "Privately fostered: overseas child who intends to stay"
        case .privatelyFosteredUKEducation: "Privately fostered: UK child in an educational placement"
        case .privatelyFosteredUKFamilyArrangement: "Privately fostered: UK child in an alternative family arrangement"
        case .privatelyFosteredOther: "Privately fostered: other"
        case .unaccompaniedAsylumSeeking: "Unaccompanied asylum-seeking child"
        case .missing: "Going/being missing"
        case .childSexualExploitation: "Child sexual exploitation"
        case .trafficking: "Trafficking"
        case .gangs: "Gangs"
        case .sociallyUnacceptableBehaviour: "Socially unacceptable behaviour"
        case .selfHarm: "Self-harm"
        case .neglect: "Neglect"
        case .emotionalAbuse: "Emotional abuse"
        case .physicalAbuseByChild: "Physical abuse by another child"
        case .physicalAbuseByAdult: "Physical abuse by an adult"
        case .sexualAbuseByChild: "Sexual abuse by another child"
        case .sexualAbuseByAdult: "Sexual abuse by an adult"
        case .other: "Other"
        case .noFactorsIdentified: "No factors identified"
        case .femaleGenitalMutilation: "Female genital mutilation"
        case .abuseLinkedToFaithOrBelief: "Abuse linked to faith or belief"
        case .childCriminalExploitation: "Child criminal exploitation"
        }
    }
}
