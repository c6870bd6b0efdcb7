using System.Globalization;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Pipeline;
using Segmentation.Scoring.InRun;

namespace Segmentation.Samples;

public sealed partial class SampleCustomer
{
    /// <summary>The first day of usage history.</summary>
    public static readonly DateOnly HistoryStart = new(2025, 1, 1);

    /// <summary>The last day of usage history.</summary>
    public static readonly DateOnly HistoryEnd = new(2026, 12, 31);

    /// <summary>The sample's "today".</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 10, 31);

    private static readonly string[] Industries = ["Software", "Financial services", "Healthcare", "Retail", "Manufacturing", "Education"];

    /// <summary>
    /// Generates <paramref name="count"/> customers: those of the sample's population still customers on
    /// <see cref="DefaultAsOf"/> (see <see cref="FormerCustomers"/> for those who left before it).
    /// </summary>
    /// <param name="count">The number of customers.</param>
    /// <param name="seed">The random seed; the same seed gives the same customers.</param>
    public static IReadOnlyList<SampleCustomer> Generate(int count = 2000, int seed = 7) => Population(count, seed).Current;

    /// <summary>The customers that exist (signed up) by <paramref name="asOf"/>.</summary>
    public static IEnumerable<SampleCustomer> ActiveAt(IEnumerable<SampleCustomer> customers, DateOnly asOf)
        => customers.Where(c => c.SignupDate <= asOf);

    /// <summary>
    /// The features <c>segment run</c> uses on the sample: value, usage level and 60-day trend, adoption,
    /// support load, lifecycle and NPS.
    /// </summary>
    public static FeatureSet<SampleCustomer> Features() => new FeatureSet<SampleCustomer>()
        .Add("arr", c => c.Arr)
        .Add("seat_utilisation", (c, asOf) => c.MeanActiveUsers(asOf, 30) / c.Seats)
        .Add(UsageFeatureNames.UsageChange60d, (c, asOf) => UsageChange(c, asOf, 60))
        .Add(UsageFeatureNames.DaysSinceLastActive, (c, asOf) => c.DaysSinceActive(asOf))
        .Add("feature_adoption", c => c.FeatureAdoption)
        .Add("tickets_90d", (c, asOf) => c.Tickets(asOf, 90))
        .Add("tenure_days", (c, asOf) => asOf.DayNumber - c.SignupDate.DayNumber)
        .Add("nps", c => c.Nps);

    /// <summary>
    /// The features the built-in rule sets (<see cref="Rules.KnownRuleSets"/>) read: those of <see cref="Features"/>
    /// plus <c>days_to_renewal</c> (days to the next contract anniversary) and <c>tickets_change_90d</c> (percent
    /// change of tickets in the last 90 days versus the 90 before).
    /// </summary>
    public static FeatureSet<SampleCustomer> RuleFeatures() => Features()
        .Add("days_to_renewal", (c, asOf) => c.RenewalDate(asOf).DayNumber - asOf.DayNumber)
        .Add("tickets_change_90d", (c, asOf) => TicketChange(c, asOf, 90));

    /// <summary>Percent change of tickets, with at least one ticket in the denominator; missing for customers too new for both windows.</summary>
    private static double TicketChange(SampleCustomer customer, DateOnly asOf, int days)
    {
        if (asOf.DayNumber - customer.SignupDate.DayNumber < 2 * days)
        {
            return double.NaN;
        }

        double recent = customer.Tickets(asOf, days);
        double before = customer.Tickets(asOf.AddDays(-days), days);
        return 100 * (recent - before) / Math.Max(before, 1);
    }

    /// <summary>
    /// Percent change of usage in the last <paramref name="days"/> days versus the window before; missing for
    /// customers too new to have both windows. The denominator is at least one active user a day, so that
    /// near-zero usage does not turn noise into huge percentages.
    /// </summary>
    private static double UsageChange(SampleCustomer customer, DateOnly asOf, int days)
    {
        if (asOf.DayNumber - customer.SignupDate.DayNumber < 2 * days)
        {
            return double.NaN;
        }

        double recent = customer.MeanActiveUsers(asOf, days);
        double before = customer.MeanActiveUsers(asOf, days, days);
        return 100 * (recent - before) / Math.Max(before, 1);
    }

    /// <summary>The churn events of <paramref name="customers"/> (at most one per customer), for in-run training.</summary>
    internal static OutcomeEvents ChurnEvents(IEnumerable<SampleCustomer> customers)
        => OutcomeEvents.From("churn", customers, c => c.Id, c => c.ChurnDate is DateOnly d ? [d] : []);

    /// <summary>The expansion events of <paramref name="customers"/> (any number per customer), for in-run training.</summary>
    internal static OutcomeEvents ExpansionEvents(IEnumerable<SampleCustomer> customers)
        => OutcomeEvents.From("expansion", customers, c => c.Id, c => c.ExpansionDates);

    /// <summary>
    /// Trains a scorer inside the run on the sample's outcome history before <paramref name="asOf"/> (time-based,
    /// see <see cref="TimeBasedTrainer"/>) with the features of <see cref="Features"/>.
    /// </summary>
    /// <param name="customers">The sample's customers.</param>
    /// <param name="events">The outcome: <see cref="ChurnEvents"/> or <see cref="ExpansionEvents"/>.</param>
    /// <param name="asOf">The as-of date; nothing after it is read.</param>
    /// <param name="trainer">The trainer; logistic regression over a 90-day window when omitted.</param>
    /// <exception cref="InsufficientOutcomesException">Too few outcomes before <paramref name="asOf"/>.</exception>
    internal static TimeBasedModel TrainScorer(IReadOnlyList<SampleCustomer> customers, OutcomeEvents events, DateOnly asOf, TimeBasedTrainer? trainer = null)
        => (trainer ?? new TimeBasedTrainer()).Train(customers, Features(), c => c.Id, (c, day) => c.IsCustomerOn(day), events, asOf);

    /// <summary>
    /// Trains the churn and the expansion scorer on the sample's outcome history before <paramref name="asOf"/>
    /// (<see cref="TrainScorer"/> with <see cref="ChurnEvents"/>, then <see cref="ExpansionEvents"/>): what a zero-argument
    /// <c>segment run</c> scores today's customers with.
    /// </summary>
    /// <param name="customers">The sample with its past, for example <see cref="GenerateWithHistory"/>.</param>
    /// <param name="asOf">The as-of date; nothing after it is read.</param>
    /// <returns>The churn model, then the expansion model.</returns>
    /// <exception cref="InsufficientOutcomesException">Too few outcomes of either kind before <paramref name="asOf"/>.</exception>
    internal static IReadOnlyList<TimeBasedModel> TrainScorers(IReadOnlyList<SampleCustomer> customers, DateOnly asOf)
        => [TrainScorer(customers, ChurnEvents(customers), asOf), TrainScorer(customers, ExpansionEvents(customers), asOf)];

    /// <summary>
    /// The churn and expansion scorers of a zero-argument <c>segment run</c>: <see cref="TrainScorers"/> on
    /// <see cref="GenerateWithHistory"/> as of <paramref name="asOf"/>, or none with the reason when the sample's past
    /// holds too few outcomes before that date.
    /// </summary>
    /// <param name="asOf">The as-of date; nothing after it is read.</param>
    internal static TrainedScorers TrainScorersFor(DateOnly asOf)
    {
        try
        {
            return new TrainedScorers(TrainScorers(GenerateWithHistory(), asOf));
        }
        catch (InsufficientOutcomesException scarce)
        {
            return new TrainedScorers([], $"No scores in this run: {scarce.Message}");
        }
    }

    /// <summary>
    /// Former customers: the customers of <see cref="Generate"/>'s population (same count and seed) who churned before
    /// <see cref="DefaultAsOf"/>, ids <c>F00001</c>, ...: the past churn a scorer trained inside the run learns from.
    /// Their usage and tickets stop on their <see cref="SampleCustomer.ChurnDate"/>.
    /// </summary>
    /// <remarks>
    /// Every customer of the population, current or former, churns by the same daily hazard of its own observable
    /// state (usage against its own level and trend, seat utilisation, tickets, renewal proximity, tenure, ARR,
    /// adoption, NPS; see docs/scoring.md): who left before <see cref="DefaultAsOf"/> is a former customer, who leaves
    /// in the 90 days after it has <see cref="SampleCustomer.Churned"/>.
    /// </remarks>
    /// <param name="count">The number of current customers of the population, as for <see cref="Generate"/>.</param>
    /// <param name="seed">The random seed; the same seed gives the same former customers.</param>
    public static IReadOnlyList<SampleCustomer> FormerCustomers(int count = 2000, int seed = 7) => Population(count, seed).Former;

    /// <summary>
    /// The sample with its past: <see cref="Generate"/>'s customers followed by <see cref="FormerCustomers"/>, for
    /// training scorers inside the run. Score only customers <see cref="SampleCustomer.IsCustomerOn"/> the as-of date.
    /// </summary>
    public static IReadOnlyList<SampleCustomer> GenerateWithHistory(int count = 2000, int seed = 7)
    {
        (IReadOnlyList<SampleCustomer> current, IReadOnlyList<SampleCustomer> former) = Population(count, seed);
        return [.. current, .. former];
    }

    /// <summary>Draws customers until <paramref name="count"/> are still customers on <see cref="DefaultAsOf"/>; those who left before are former.</summary>
    private static (IReadOnlyList<SampleCustomer> Current, IReadOnlyList<SampleCustomer> Former) Population(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var outcomes = new Random(unchecked((seed * 7919) + 104_729));
        var current = new List<SampleCustomer>(count);
        var former = new List<SampleCustomer>();
        while (current.Count < count)
        {
            SampleCustomer customer = Create(random, outcomes, left => left
                ? "F" + (former.Count + 1).ToString("D5", CultureInfo.InvariantCulture)
                : "C" + (current.Count + 1).ToString("D5", CultureInfo.InvariantCulture));
            (customer.ChurnDate <= DefaultAsOf ? former : current).Add(customer);
        }

        return (current, former);
    }

    private static SampleCustomer Create(Random random, Random outcomes, Func<bool, string> idFor)
    {
        double draw = random.NextDouble();
        SampleArchetype archetype = draw switch
        {
            < 0.15 => SampleArchetype.PowerUser,
            < 0.28 => SampleArchetype.DecliningHighValue,
            < 0.41 => SampleArchetype.StrugglingOnboarder,
            < 0.57 => SampleArchetype.Dormant,
            _ => SampleArchetype.SteadyCore,
        };
        Profile p = Profiles[archetype];
        double arr = 100 * Math.Round(p.MedianArr * Math.Exp(0.35 * Normal(random)) / 100);
        int seats = Math.Max(3, (int)Math.Round(arr / p.ArrPerSeat * Math.Exp(0.15 * Normal(random))));
        DateOnly signup = DefaultAsOf.AddDays(-random.Next(p.MinTenureDays, p.MaxTenureDays));
        string plan = arr >= 100_000 ? "Enterprise" : arr >= 20_000 ? "Growth" : "Starter";
        string industry = Industries[random.Next(Industries.Length)];
        double adoption = Math.Round(Math.Clamp(p.Adoption + (0.08 * Normal(random)), 0, 1), 2);
        double? nps = random.NextDouble() < p.NpsResponseRate ? Math.Clamp(Math.Round(p.Nps + (1.2 * Normal(random))), 0, 10) : null;

        // The day the archetype's usage shape is anchored to (a decline ends, a dormancy starts 150 days before it):
        // spread per customer, so that every window of the past holds customers at every stage.
        DateOnly anchor = DefaultAsOf.AddDays(-random.Next(p.AnchorSpreadDays + 1));
        int historyDays = HistoryEnd.DayNumber - HistoryStart.DayNumber + 1;
        var usage = new float[historyDays];
        double baseUsers = seats * p.Utilisation * Math.Exp(0.1 * Normal(random));
        var tickets = new List<DateOnly>();
        for (int t = 0; t < historyDays; t++)
        {
            DateOnly day = HistoryStart.AddDays(t);
            if (day < signup)
            {
                continue;
            }

            double toAnchor = anchor.DayNumber - day.DayNumber;
            double level = baseUsers * p.Trend(toAnchor, day.DayNumber - signup.DayNumber);
            double weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.35 : 1.0;
            usage[t] = (float)Math.Max(0, Math.Round(level * weekday * Math.Exp(0.2 * Normal(random))));
            double ticketRate = p.TicketsPerMonth / 30.0 * (archetype == SampleArchetype.DecliningHighValue && toAnchor < 130 ? 2.5 : 1.0);
            if (random.NextDouble() < ticketRate)
            {
                tickets.Add(day);
            }
        }

        DateOnly? churnDate = ChurnDay(outcomes, usage, tickets, seats, arr, adoption, nps, signup);
        if (churnDate is DateOnly left && left <= HistoryEnd)
        {
            Array.Clear(usage, left.DayNumber - HistoryStart.DayNumber, HistoryEnd.DayNumber - left.DayNumber + 1);
            tickets.RemoveAll(t => t >= left);
        }

        DateOnly[] expansions = Expansions(outcomes, p, archetype, signup, anchor, churnDate);
        bool former = churnDate <= DefaultAsOf;
        bool churned = churnDate > DefaultAsOf;
        return new SampleCustomer(idFor(former), plan, industry, arr, seats, signup, adoption, nps, archetype, churned, usage, [.. tickets], churnDate, expansions);
    }

    /// <summary>
    /// The day the customer churns, drawn day by day up to 90 days after <see cref="DefaultAsOf"/> from one hazard of
    /// the customer's observable state on that day (the same for every archetype and every day; see docs/scoring.md),
    /// or <see langword="null"/> when it never fires. The hazard starts 120 days into the history, once both 60-day
    /// usage windows exist.
    /// </summary>
    private static DateOnly? ChurnDay(Random random, float[] usage, List<DateOnly> tickets, int seats, double arr, double adoption, double? nps, DateOnly signup)
    {
        var cumulativeUsage = new double[usage.Length + 1];
        var cumulativeTickets = new int[usage.Length + 1];
        var ticketsOn = new int[usage.Length];
        foreach (DateOnly ticket in tickets)
        {
            ticketsOn[ticket.DayNumber - HistoryStart.DayNumber]++;
        }

        for (int t = 0; t < usage.Length; t++)
        {
            cumulativeUsage[t + 1] = cumulativeUsage[t] + usage[t];
            cumulativeTickets[t + 1] = cumulativeTickets[t] + ticketsOn[t];
        }

        // What does not change over time: low adoption, small accounts and unhappy (NPS) customers leave more often.
        double steady = ChurnIntercept
            + (0.8 * Math.Clamp((0.4 - adoption) / 0.4, 0, 1))
            - (0.2 * Math.Log(arr / 30_000))
            + (nps is double score ? 0.15 * Math.Clamp(7 - score, -2, 6) : 0);
        int signupIndex = signup.DayNumber - HistoryStart.DayNumber;
        int last = DefaultAsOf.DayNumber + 90 - HistoryStart.DayNumber;
        DateOnly renewal = signup.AddYears(1);
        for (int t = Math.Max(StateDays, signupIndex); t <= last; t++)
        {
            DateOnly day = HistoryStart.AddDays(t);
            while (renewal < day)
            {
                renewal = renewal.AddYears(1);
            }

            // Past the end of the history (up to 29 days), the state stays as it was on its last day.
            int seen = Math.Min(t, usage.Length - 1);
            int tenure = seen - signupIndex;
            double recent = Mean(seen, Math.Min(60, tenure + 1));
            double before = Mean(seen - 60, 60);
            double change = tenure >= 2 * 60 ? (recent - before) / Math.Max(before, 1) : 0;
            double utilisation = Mean(seen, Math.Min(30, tenure + 1)) / seats;
            int tickets90 = cumulativeTickets[seen + 1] - cumulativeTickets[seen + 1 - 90];

            // Usage short of the customer's own level (falling over 60 days) or of its seats (under 20% used), whichever is worse.
            double shortfall = Math.Max(Math.Clamp(-change, 0, 1), Math.Clamp((0.2 - utilisation) / 0.2, 0, 1));
            double z = steady
                + (2.0 * shortfall)
                + (0.3 * Math.Clamp(tickets90 - 3, 0, 15))
                + (0.25 * Math.Clamp((180 - tenure) / 180.0, 0, 1))
                + (renewal.DayNumber - day.DayNumber <= 60 ? 0.4 : 0);
            if (random.NextDouble() < Daily(1 / (1 + Math.Exp(-z))))
            {
                return day;
            }
        }

        return null;

        double Mean(int end, int days) => (cumulativeUsage[end + 1] - cumulativeUsage[end + 1 - days]) / days;
    }

    /// <summary>The log-odds of churning within 90 days of a customer with nothing against it.</summary>
    private const double ChurnIntercept = -4.6;

    /// <summary>The history the churn hazard's state needs before it starts (two 60-day usage windows).</summary>
    private const int StateDays = 120;

    /// <summary>
    /// Dated expansion events, drawn day by day from a hazard that follows the customer's usage shape (expansion rises
    /// as usage grows, power users), until the customer churns.
    /// </summary>
    private static DateOnly[] Expansions(Random random, Profile p, SampleArchetype archetype, DateOnly signup, DateOnly anchor, DateOnly? churnDate)
    {
        double expansionBase = archetype switch
        {
            SampleArchetype.PowerUser => 0.10,
            SampleArchetype.SteadyCore => 0.03,
            _ => 0.005,
        };
        var expansions = new List<DateOnly>();
        for (DateOnly day = signup > HistoryStart ? signup : HistoryStart; day <= HistoryEnd; day = day.AddDays(1))
        {
            if (churnDate is DateOnly gone && day >= gone)
            {
                break;
            }

            double level = p.Trend(anchor.DayNumber - day.DayNumber, day.DayNumber - signup.DayNumber);
            if (random.NextDouble() < Daily(expansionBase + Math.Clamp(level - 1, 0, 1)))
            {
                expansions.Add(day);
            }
        }

        return [.. expansions];
    }

    /// <summary>The daily probability that gives <paramref name="per90Days"/> over 90 days.</summary>
    private static double Daily(double per90Days) => 1 - Math.Pow(1 - Math.Min(per90Days, 0.99), 1 / 90.0);

    private static double Normal(Random random)
    {
        // Box-Muller: deterministic for a seed, no dependency on a distribution library.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed record Profile(
        double MedianArr, double ArrPerSeat, int MinTenureDays, int MaxTenureDays, double Utilisation, double Adoption,
        double Nps, double NpsResponseRate, double TicketsPerMonth, int AnchorSpreadDays, Func<double, int, double> Trend);

    /// <summary>
    /// Per archetype: value, tenure, usage level, how far before <see cref="DefaultAsOf"/> each customer's usage shape may
    /// be anchored, and the shape over time (days before the customer's anchor, days since signup).
    /// </summary>
    private static readonly Dictionary<SampleArchetype, Profile> Profiles = new()
    {
        [SampleArchetype.PowerUser] = new(55_000, 450, 400, 1500, 0.85, 0.85, 9, 0.7, 1.0, 0,
            (toAnchor, _) => 1.0 + (0.3 * Math.Clamp((180 - toAnchor) / 180, 0, 1))),
        [SampleArchetype.DecliningHighValue] = new(180_000, 600, 700, 1800, 0.6, 0.6, 5.5, 0.6, 2.0, 90,
            (toAnchor, _) => toAnchor > 100 ? 1.0 : 0.45 + (0.55 * Math.Max(toAnchor, 0) / 100)),
        [SampleArchetype.StrugglingOnboarder] = new(18_000, 500, 15, 85, 0.18, 0.15, 6, 0.25, 3.0, 0,
            (_, sinceSignup) => Math.Min(1.0, 0.5 + (sinceSignup / 60.0))),
        [SampleArchetype.Dormant] = new(6_000, 400, 300, 1400, 0.35, 0.12, 4.5, 0.3, 0.2, 120,
            (toAnchor, _) => toAnchor > 150 ? 1.0 : 0.03),
        [SampleArchetype.SteadyCore] = new(28_000, 500, 200, 1600, 0.5, 0.5, 7.5, 0.5, 1.0, 0,
            (_, _) => 1.0),
    };
}
