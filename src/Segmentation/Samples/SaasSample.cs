using System.Globalization;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Pipeline;
using Segmentation.Scoring.InRun;

namespace Segmentation.Samples;

/// <summary>
/// A generator of realistic synthetic SaaS customers with daily usage and support history and five planted
/// segments (<see cref="SampleArchetype"/>), deterministic for a seed: the embedded sample of <c>segment run</c>.
/// </summary>
/// <remarks>
/// <para>History runs from <see cref="HistoryStart"/> to <see cref="HistoryEnd"/>; the sample's "today" is
/// <see cref="DefaultAsOf"/>. Customers who sign up after an as-of date do not exist yet at that date.</para>
/// <para>Values follow what CS teams see: log-normal ARR by plan, weekday/weekend usage, decliners whose usage
/// halves over the last quarter before <see cref="DefaultAsOf"/>, onboarders in their first 90 days, NPS that
/// many customers never answer (missing).</para>
/// </remarks>
public static class SaasSample
{
    /// <summary>The first day of usage history.</summary>
    public static readonly DateOnly HistoryStart = new(2025, 1, 1);

    /// <summary>The last day of usage history.</summary>
    public static readonly DateOnly HistoryEnd = new(2026, 12, 31);

    /// <summary>The sample's "today".</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 10, 31);

    private static readonly string[] Industries = ["Software", "Financial services", "Healthcare", "Retail", "Manufacturing", "Education"];

    /// <summary>Generates <paramref name="count"/> customers (all who exist at <see cref="HistoryEnd"/>).</summary>
    /// <param name="count">The number of customers.</param>
    /// <param name="seed">The random seed; the same seed gives the same customers.</param>
    public static IReadOnlyList<SampleCustomer> Generate(int count = 2000, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);

        // Outcome history draws from its own stream, so the customers' other values are those of earlier versions.
        var outcomes = new Random(unchecked((seed * 7919) + 104_729));
        var customers = new SampleCustomer[count];
        for (int i = 0; i < count; i++)
        {
            customers[i] = Create(random, outcomes, "C" + (i + 1).ToString("D5", CultureInfo.InvariantCulture));
        }

        return customers;
    }

    /// <summary>The customers that exist (signed up) by <paramref name="asOf"/>.</summary>
    public static IEnumerable<SampleCustomer> ActiveAt(IEnumerable<SampleCustomer> customers, DateOnly asOf)
        => customers.Where(c => c.SignupDate <= asOf);

    /// <summary>
    /// The features <c>segment run</c> uses on the sample: value, usage level and 60-day trend, adoption,
    /// support load, lifecycle and NPS.
    /// </summary>
    public static FeatureSet<SampleCustomer> Features() => new FeatureSet<SampleCustomer>()
        .Add("arr", c => c.Arr)
        .Add("seat_utilisation", (c, ctx) => c.MeanActiveUsers(ctx.AsOf, 30) / c.Seats)
        .Add(UsageFeatureNames.UsageChange60d, (c, ctx) => UsageChange(c, ctx.AsOf, 60))
        .Add(UsageFeatureNames.DaysSinceLastActive, (c, ctx) => c.DaysSinceActive(ctx.AsOf))
        .Add("feature_adoption", c => c.FeatureAdoption)
        .Add("tickets_90d", (c, ctx) => c.Tickets(ctx.AsOf, 90))
        .Add("tenure_days", (c, ctx) => ctx.AsOf.DayNumber - c.SignupDate.DayNumber)
        .Add("nps", c => c.Nps);

    /// <summary>
    /// The features the built-in rule sets (<see cref="Rules.KnownRuleSets"/>) read: those of <see cref="Features"/>
    /// plus <c>days_to_renewal</c> (days to the next contract anniversary) and <c>tickets_change_90d</c> (percent
    /// change of tickets in the last 90 days versus the 90 before).
    /// </summary>
    public static FeatureSet<SampleCustomer> RuleFeatures() => Features()
        .Add("days_to_renewal", (c, ctx) => c.RenewalDate(ctx.AsOf).DayNumber - ctx.AsOf.DayNumber)
        .Add("tickets_change_90d", (c, ctx) => TicketChange(c, ctx.AsOf, 90));

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
    public static OutcomeEvents ChurnEvents(IEnumerable<SampleCustomer> customers)
        => OutcomeEvents.From("churn", customers, c => c.Id, c => c.ChurnDate is DateOnly d ? [d] : []);

    /// <summary>The expansion events of <paramref name="customers"/> (any number per customer), for in-run training.</summary>
    public static OutcomeEvents ExpansionEvents(IEnumerable<SampleCustomer> customers)
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
    public static TimeBasedModel TrainScorer(IReadOnlyList<SampleCustomer> customers, OutcomeEvents events, DateOnly asOf, TimeBasedTrainer? trainer = null)
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
    public static IReadOnlyList<TimeBasedModel> TrainScorers(IReadOnlyList<SampleCustomer> customers, DateOnly asOf)
        => [TrainScorer(customers, ChurnEvents(customers), asOf), TrainScorer(customers, ExpansionEvents(customers), asOf)];

    /// <summary>
    /// The churn and expansion scorers of a zero-argument <c>segment run</c>: <see cref="TrainScorers"/> on
    /// <see cref="GenerateWithHistory"/> as of <paramref name="asOf"/>, or none with the reason when the sample's past
    /// holds too few outcomes before that date.
    /// </summary>
    /// <param name="asOf">The as-of date; nothing after it is read.</param>
    public static TrainedScorers TrainScorersFor(DateOnly asOf)
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
    /// Former customers: generated like <see cref="Generate"/>'s (same archetypes and usage shapes, from another random
    /// stream) but churned before <see cref="DefaultAsOf"/>, so that the sample's past holds the churn a scorer trained
    /// inside the run learns from. Their usage and tickets stop on their <see cref="SampleCustomer.ChurnDate"/>.
    /// </summary>
    /// <remarks>
    /// Only candidates whose churn fired are kept and <see cref="Generate"/>'s customers never churn before
    /// <see cref="DefaultAsOf"/>, so in any training window before it the churn label is exactly "is a former customer";
    /// today's <see cref="SampleCustomer.Churned"/> is a separate draw per archetype (see docs/scoring.md).
    /// </remarks>
    /// <param name="candidates">How many candidates to draw; only those whose churn hazard fired before <see cref="DefaultAsOf"/> are kept.</param>
    /// <param name="seed">The random seed; the same seed gives the same former customers.</param>
    public static IReadOnlyList<SampleCustomer> FormerCustomers(int candidates = 1000, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        var random = new Random(unchecked((seed * 6271) + 15_485_863));
        var outcomes = new Random(unchecked((seed * 3571) + 32_452_843));
        var former = new List<SampleCustomer>();
        for (int i = 0; i < candidates; i++)
        {
            SampleCustomer candidate = Create(random, outcomes, "F" + (i + 1).ToString("D5", CultureInfo.InvariantCulture), former: true);
            if (candidate.ChurnDate is not null)
            {
                former.Add(candidate);
            }
        }

        return former;
    }

    /// <summary>
    /// The sample with its past: <see cref="Generate"/>'s customers followed by <see cref="FormerCustomers"/>
    /// (half as many candidates), for training scorers inside the run. Score only customers
    /// <see cref="SampleCustomer.IsCustomerOn"/> the as-of date.
    /// </summary>
    public static IReadOnlyList<SampleCustomer> GenerateWithHistory(int count = 2000, int seed = 7)
        => [.. Generate(count, seed), .. FormerCustomers(Math.Max(1, count / 2), seed)];

    private static SampleCustomer Create(Random random, Random outcomes, string id, bool former = false)
    {
        double draw = random.NextDouble();
        SampleArchetype archetype = draw switch
        {
            < 0.15 => SampleArchetype.PowerUser,
            < 0.25 => SampleArchetype.DecliningHighValue,
            < 0.38 => SampleArchetype.StrugglingOnboarder,
            < 0.50 => SampleArchetype.Dormant,
            _ => SampleArchetype.SteadyCore,
        };
        Profile p = Profiles[archetype];
        double arr = 100 * Math.Round(p.MedianArr * Math.Exp(0.35 * Normal(random)) / 100);
        int seats = Math.Max(3, (int)Math.Round(arr / p.ArrPerSeat * Math.Exp(0.15 * Normal(random))));
        DateOnly signup = DefaultAsOf.AddDays(-random.Next(p.MinTenureDays, p.MaxTenureDays));
        string plan = arr >= 100_000 ? "Enterprise" : arr >= 20_000 ? "Growth" : "Starter";
        string industry = Industries[random.Next(Industries.Length)];
        double adoption = Math.Clamp(p.Adoption + (0.08 * Normal(random)), 0, 1);
        double? nps = random.NextDouble() < p.NpsResponseRate ? Math.Clamp(Math.Round(p.Nps + (1.2 * Normal(random))), 0, 10) : null;
        bool churned = random.NextDouble() < p.ChurnRate && !former;

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

            double daysToToday = DefaultAsOf.DayNumber - day.DayNumber;
            double level = baseUsers * p.Trend(daysToToday, day.DayNumber - signup.DayNumber);
            double weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.35 : 1.0;
            usage[t] = (float)Math.Max(0, Math.Round(level * weekday * Math.Exp(0.2 * Normal(random))));
            double ticketRate = p.TicketsPerMonth / 30.0 * (archetype == SampleArchetype.DecliningHighValue && daysToToday < 120 ? 2.5 : 1.0);
            if (random.NextDouble() < ticketRate)
            {
                tickets.Add(day);
            }
        }

        (DateOnly? churnDate, DateOnly[] expansions) = OutcomeHistory(outcomes, p, archetype, signup, Math.Round(adoption, 2), churned, former);
        if (former && churnDate is DateOnly left)
        {
            Array.Clear(usage, left.DayNumber - HistoryStart.DayNumber, HistoryEnd.DayNumber - left.DayNumber + 1);
            tickets.RemoveAll(t => t >= left);
        }

        return new SampleCustomer(id, plan, industry, arr, seats, signup, Math.Round(adoption, 2), nps, archetype, churned, usage, [.. tickets], churnDate, expansions);
    }

    /// <summary>
    /// Dated churn and expansion events, drawn day by day from hazards that follow the customer's usage shape: churn
    /// rises as usage falls (dormant, declining), expansion rises as usage grows (power users); see docs/scoring.md.
    /// Customers with <see cref="SampleCustomer.Churned"/> churn on a day in the 90 days after <see cref="DefaultAsOf"/>;
    /// former customers (<see cref="FormerCustomers"/>) may churn from 90 days into the history up to <see cref="DefaultAsOf"/>;
    /// other customers do not churn before <see cref="DefaultAsOf"/> + 90 days.
    /// </summary>
    private static (DateOnly? Churn, DateOnly[] Expansions) OutcomeHistory(Random random, Profile p, SampleArchetype archetype, DateOnly signup, double adoption, bool churned, bool former)
    {
        DateOnly? churnDate = churned ? DefaultAsOf.AddDays(1 + random.Next(90)) : null;
        const double ChurnBase = 0.01;
        double expansionBase = archetype switch
        {
            SampleArchetype.PowerUser => 0.10,
            SampleArchetype.SteadyCore => 0.03,
            _ => 0.005,
        };

        // Customers who use few of the key features leave more often, whatever their usage trend.
        double lowAdoptionRisk = 0.08 * Math.Clamp((0.45 - adoption) / 0.45, 0, 1);
        var expansions = new List<DateOnly>();
        for (DateOnly day = signup > HistoryStart ? signup : HistoryStart; day <= HistoryEnd; day = day.AddDays(1))
        {
            if (churnDate is DateOnly gone && day >= gone)
            {
                break;
            }

            double level = p.Trend(DefaultAsOf.DayNumber - day.DayNumber, day.DayNumber - signup.DayNumber);
            double toToday = DefaultAsOf.DayNumber - day.DayNumber;
            double churn90 = ChurnBase + (0.5 * Math.Clamp(1 - level, 0, 1)) + lowAdoptionRisk
                + (archetype == SampleArchetype.DecliningHighValue && toToday < 120 ? 0.3 : 0);
            double expansion90 = expansionBase + Math.Clamp(level - 1, 0, 1);
            if (former && day <= DefaultAsOf && day >= HistoryStart.AddDays(90) && random.NextDouble() < Daily(churn90))
            {
                churnDate = day;
                break;
            }

            if (random.NextDouble() < Daily(expansion90))
            {
                expansions.Add(day);
            }
        }

        return (churnDate, [.. expansions]);

        static double Daily(double per90Days) => 1 - Math.Pow(1 - Math.Min(per90Days, 0.99), 1 / 90.0);
    }

    private static double Normal(Random random)
    {
        // Box-Muller: deterministic for a seed, no dependency on a distribution library.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed record Profile(
        double MedianArr, double ArrPerSeat, int MinTenureDays, int MaxTenureDays, double Utilisation, double Adoption,
        double Nps, double NpsResponseRate, double TicketsPerMonth, double ChurnRate, Func<double, int, double> Trend);

    /// <summary>Per archetype: value, tenure, usage level and shape over time (days before today, days since signup).</summary>
    private static readonly Dictionary<SampleArchetype, Profile> Profiles = new()
    {
        [SampleArchetype.PowerUser] = new(55_000, 450, 400, 1500, 0.85, 0.85, 9, 0.7, 1.0, 0.03,
            (toToday, _) => 1.0 + (0.3 * Math.Clamp((180 - toToday) / 180, 0, 1))),
        [SampleArchetype.DecliningHighValue] = new(180_000, 600, 700, 1800, 0.6, 0.6, 5.5, 0.6, 2.0, 0.45,
            (toToday, _) => toToday > 100 ? 1.0 : 0.45 + (0.55 * Math.Max(toToday, 0) / 100)),
        [SampleArchetype.StrugglingOnboarder] = new(18_000, 500, 15, 85, 0.18, 0.15, 6, 0.25, 3.0, 0.3,
            (_, sinceSignup) => Math.Min(1.0, 0.5 + (sinceSignup / 60.0))),
        [SampleArchetype.Dormant] = new(6_000, 400, 300, 1400, 0.35, 0.12, 4.5, 0.3, 0.2, 0.5,
            (toToday, _) => toToday > 150 ? 1.0 : 0.03),
        [SampleArchetype.SteadyCore] = new(28_000, 500, 200, 1600, 0.5, 0.5, 7.5, 0.5, 1.0, 0.07,
            (_, _) => 1.0),
    };
}
