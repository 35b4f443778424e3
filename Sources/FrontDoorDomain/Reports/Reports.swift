/// The performance reports of reports.md, as pure functions of the records a local authority holds.
///
/// Every figure comes from recorded events, never from a stored counter: the server reads the rows,
/// turns them into `ReportContact` and `ReportReferral` values, and calls these functions. Each
/// result is a value with a CSV rendering, and can name the records behind each figure.
///
/// Conventions shared by every report:
/// - only records of the given `la` count;
/// - instants are placed on local dates in the calendar's time zone (Europe/London);
/// - contacts count once per child named;
/// - percentages and rates are exact ratios, rounded half-up only when shown (`ReportValue`).
public enum Reports {}
