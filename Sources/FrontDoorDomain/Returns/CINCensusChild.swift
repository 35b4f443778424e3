/// One child as the children in need census records them: identifiers, characteristics and every
/// episode of need (one per referral). The server fills these from what it stores; the census
/// year's `select` then keeps what belongs in a return. Field names follow the census items
/// (docs/returns.md maps each to the stored field it comes from).
public struct CINChild: Equatable, Sendable {
    /// LAchildID (N00097): the local authority's own id, at most 20 letters and digits (rules 1570, 1580).
    public var laChildID: String
    public var upn: UPN?
    /// FormerUPN (N00002): a UPN the child used to have; all digits after the check letter (1560Q).
    public var formerUPN: UPN?
    /// UPNunknown (N00135): why there is no UPN.
    public var upnUnknown: UPNUnknownReason?
    public var birthDate: LocalDate?
    /// For a child not yet born at the census reference date; never together with `birthDate`.
    public var expectedBirthDate: LocalDate?
    /// Always `.unknown` for an unborn child (rule 8750).
    public var sex: Sex
    public var deathDate: LocalDate?
    /// `NOBT` (information not yet obtained) when nothing is recorded.
    public var ethnicity: Ethnicity
    /// At least one code (`NONE` if none) for a born child with an episode going to further action (rule 8540).
    public var disabilities: [Disability]
    public var episodes: [CINEpisode]

    public init(
        laChildID: String, upn: UPN? = nil, formerUPN: UPN? = nil, upnUnknown: UPNUnknownReason? = nil,
        birthDate: LocalDate? = nil, expectedBirthDate: LocalDate? = nil, sex: Sex, deathDate: LocalDate? = nil,
        ethnicity: Ethnicity, disabilities: [Disability] = [], episodes: [CINEpisode] = []
    ) {
        self.laChildID = laChildID
        self.upn = upn
        self.formerUPN = formerUPN
        self.upnUnknown = upnUnknown
        self.birthDate = birthDate
        self.expectedBirthDate = expectedBirthDate
        self.sex = sex
        self.deathDate = deathDate
        self.ethnicity = ethnicity
        self.disabilities = disabilities
        self.episodes = episodes
    }

    public var isUnborn: Bool { birthDate == nil && expectedBirthDate != nil }
}

/// One episode of need: a referral and everything done on it until it closed (`CINdetails`).
public struct CINEpisode: Equatable, Sendable {
    public var referralDate: LocalDate
    public var referralSource: ReferralSource
    /// Required once the referral goes to further action (rule 8610).
    public var primaryNeed: PrimaryNeed?
    /// Date and reason together: the census refuses one without the other (rules 8805, 8810).
    public var closure: CINClosure?
    /// DateOfInitialCPC at episode level: only for a conference with no section 47 enquiry in the
    /// return (a child moving in on a plan, say). A conference that followed a section 47 enquiry
    /// belongs on that `CINSection47`, never here as well (rule 2884).
    public var initialConferenceDate: LocalDate?
    public var assessments: [CINAssessment]
    public var cinPlans: [CINPlanPeriod]
    public var section47Enquiries: [CINSection47]
    /// ReferralNFA (N00112): the referral went no further. Such an episode has no assessment,
    /// enquiry, conference or plan (rules 8831, 8832, 4000).
    public var referralNFA: Bool
    public var childProtectionPlans: [CINChildProtectionPlan]

    public init(
        referralDate: LocalDate, referralSource: ReferralSource, primaryNeed: PrimaryNeed? = nil,
        closure: CINClosure? = nil, initialConferenceDate: LocalDate? = nil, assessments: [CINAssessment] = [],
        cinPlans: [CINPlanPeriod] = [], section47Enquiries: [CINSection47] = [], referralNFA: Bool,
        childProtectionPlans: [CINChildProtectionPlan] = []
    ) {
        self.referralDate = referralDate
        self.referralSource = referralSource
        self.primaryNeed = primaryNeed
        self.closure = closure
        self.initialConferenceDate = initialConferenceDate
        self.assessments = assessments
        self.cinPlans = cinPlans
        self.section47Enquiries = section47Enquiries
        self.referralNFA = referralNFA
        self.childProtectionPlans = childProtectionPlans
    }
}

public struct CINClosure: Equatable, Sendable {
    public var date: LocalDate
    public var reason: ReasonForClosure

    public init(date: LocalDate, reason: ReasonForClosure) {
        self.date = date
        self.reason = reason
    }
}

/// A children and families (single) assessment. It is complete once authorised; factors are
/// recorded only on a completed assessment (rule 8614).
public struct CINAssessment: Equatable, Sendable {
    public var startDate: LocalDate
    public var internalReviewDate: LocalDate?
    public var authorisationDate: LocalDate?
    public var factors: [CINAssessmentFactor]

    public init(
        startDate: LocalDate, internalReviewDate: LocalDate? = nil, authorisationDate: LocalDate? = nil,
        factors: [CINAssessmentFactor] = []
    ) {
        self.startDate = startDate
        self.internalReviewDate = internalReviewDate
        self.authorisationDate = authorisationDate
        self.factors = factors
    }
}

/// A child in need plan (`CINPlanDates`).
public struct CINPlanPeriod: Equatable, Sendable {
    public var startDate: LocalDate
    public var endDate: LocalDate?

    public init(startDate: LocalDate, endDate: LocalDate? = nil) {
        self.startDate = startDate
        self.endDate = endDate
    }
}

/// A section 47 enquiry. It ends with an initial child protection conference, or with the
/// decision that none is needed.
public struct CINSection47: Equatable, Sendable {
    public var startDate: LocalDate
    /// Working Together: within 15 working days of the strategy discussion.
    public var initialConferenceTarget: LocalDate?
    public var initialConferenceDate: LocalDate?
    public var conferenceNotRequired: Bool

    public init(
        startDate: LocalDate, initialConferenceTarget: LocalDate? = nil, initialConferenceDate: LocalDate? = nil,
        conferenceNotRequired: Bool = false
    ) {
        self.startDate = startDate
        self.initialConferenceTarget = initialConferenceTarget
        self.initialConferenceDate = initialConferenceDate
        self.conferenceNotRequired = conferenceNotRequired
    }
}

public struct CINChildProtectionPlan: Equatable, Sendable {
    /// The date of the conference that made the plan (rule 2885).
    public var startDate: LocalDate
    public var endDate: LocalDate?
    public var initialCategory: CINCategoryOfAbuse
    public var latestCategory: CINCategoryOfAbuse
    /// Plans the child had before this one (N00106), whatever the local authority.
    public var numberOfPreviousPlans: Int
    public var reviewDates: [LocalDate]

    public init(
        startDate: LocalDate, endDate: LocalDate? = nil, initialCategory: CINCategoryOfAbuse,
        latestCategory: CINCategoryOfAbuse, numberOfPreviousPlans: Int = 0, reviewDates: [LocalDate] = []
    ) {
        self.startDate = startDate
        self.endDate = endDate
        self.initialCategory = initialCategory
        self.latestCategory = latestCategory
        self.numberOfPreviousPlans = numberOfPreviousPlans
        self.reviewDates = reviewDates
    }
}
