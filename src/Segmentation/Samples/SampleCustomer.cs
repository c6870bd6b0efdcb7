namespace Segmentation.Samples;

/// <summary>The kinds of customer planted in the sample, so that a segmentation can be checked against them.</summary>
internal enum SampleArchetype
{
    /// <summary>Heavy, growing usage, broad adoption, happy (expansion candidates).</summary>
    PowerUser,

    /// <summary>Large contracts whose usage fell by about half over the last quarter, tickets rising, renewal close.</summary>
    DecliningHighValue,

    /// <summary>Signed up in the last three months; low usage and adoption, many tickets.</summary>
    StrugglingOnboarder,

    /// <summary>Small accounts that have almost stopped using the product.</summary>
    Dormant,

    /// <summary>The steady majority: moderate value and usage, flat trend.</summary>
    SteadyCore,
}

/// <summary>
/// A synthetic SaaS customer with a year and more of daily usage and support history, and the generator of the
/// embedded sample of <c>segment run</c> (<see cref="Generate"/>): realistic synthetic SaaS customers with daily usage and support history and five planted
/// segments (<see cref="SampleArchetype"/>), deterministic for a seed.
/// </summary>
/// <remarks>
/// <para>Histories are indexed by day from <see cref="HistoryStart"/>. One type for the customer and its generator, so a
/// host trying the library names one type (<c>SampleCustomer.Generate()</c>, <c>SampleCustomer.Features()</c>).</para>
/// <para>History runs from <see cref="HistoryStart"/> to <see cref="HistoryEnd"/>; the sample's "today" is
/// <see cref="DefaultAsOf"/>. Customers who sign up after an as-of date do not exist yet at that date.</para>
/// <para>Values follow what CS teams see: log-normal ARR by plan, weekday/weekend usage, decliners whose usage
/// halves over about a quarter ending shortly before <see cref="DefaultAsOf"/>, onboarders in their first 90 days, NPS
/// that many customers never answer (missing).</para>
/// <para>Churn, past and present, follows one daily hazard of each customer's own state (usage against its level and
/// seats, tickets, renewal, tenure, ARR, adoption, NPS): the archetypes shape that state, they do not fix a churn rate.
/// Customers who left before <see cref="DefaultAsOf"/> are <see cref="FormerCustomers"/>.</para>
/// </remarks>
public sealed partial class SampleCustomer
{
    private readonly float[] _dailyActiveUsers;
    private readonly DateOnly[] _tickets;

    internal SampleCustomer(
        string id, string plan, string industry, double arr, int seats, DateOnly signupDate, double featureAdoption,
        double? nps, SampleArchetype archetype, bool churned, float[] dailyActiveUsers, DateOnly[] tickets,
        DateOnly? churnDate = null, DateOnly[]? expansionDates = null)
    {
        Id = id;
        Plan = plan;
        Industry = industry;
        Arr = arr;
        Seats = seats;
        SignupDate = signupDate;
        FeatureAdoption = featureAdoption;
        Nps = nps;
        Archetype = archetype;
        Churned = churned;
        _dailyActiveUsers = dailyActiveUsers;
        _tickets = tickets;
        ChurnDate = churnDate;
        ExpansionDates = expansionDates ?? [];
    }

    /// <summary>The customer id, such as <c>C00042</c>.</summary>
    public string Id { get; }

    /// <summary>The plan: Starter, Growth or Enterprise.</summary>
    public string Plan { get; }

    /// <summary>The industry.</summary>
    public string Industry { get; }

    /// <summary>Annual recurring revenue in dollars.</summary>
    public double Arr { get; }

    /// <summary>Seats (licences) bought.</summary>
    public int Seats { get; }

    /// <summary>The day the contract started.</summary>
    public DateOnly SignupDate { get; }

    /// <summary>The share of the product's ten key features in use, in [0, 1].</summary>
    public double FeatureAdoption { get; }

    /// <summary>The latest NPS answer (0-10), or <see langword="null"/> when the customer never answered.</summary>
    public double? Nps { get; }

    /// <summary>The archetype the customer was generated from (the "true" segment).</summary>
    internal SampleArchetype Archetype { get; }

    /// <summary>
    /// Whether the customer churned within 90 days after <see cref="SampleCustomer.DefaultAsOf"/> (the historical outcome):
    /// drawn by the same daily hazard of the customer's own state (usage, tickets, renewal, tenure, ARR, adoption, NPS) as
    /// the churn of former customers before it.
    /// </summary>
    public bool Churned { get; }

    /// <summary>
    /// The day the customer churned (left), or <see langword="null"/> when they had not churned by
    /// <see cref="SampleCustomer.DefaultAsOf"/> plus 90 days. Customers with <see cref="Churned"/> churn in the 90 days after
    /// <see cref="SampleCustomer.DefaultAsOf"/>; former customers (<see cref="SampleCustomer.FormerCustomers"/>) before it.
    /// </summary>
    /// <remarks>A run should score only customers <see cref="IsCustomerOn"/> its as-of date.</remarks>
    public DateOnly? ChurnDate { get; }

    /// <summary>The days the customer expanded (bought more seats or a bigger plan), ascending; empty when never.</summary>
    public IReadOnlyList<DateOnly> ExpansionDates { get; }

    /// <summary>Whether the customer was a customer on <paramref name="day"/>: signed up on or before it and not churned yet.</summary>
    public bool IsCustomerOn(DateOnly day) => SignupDate <= day && (ChurnDate is not DateOnly churned || churned > day);

    /// <summary>The next contract anniversary on or after <paramref name="asOf"/>.</summary>
    public DateOnly RenewalDate(DateOnly asOf)
    {
        DateOnly renewal = SignupDate.AddYears(1);
        while (renewal < asOf)
        {
            renewal = renewal.AddYears(1);
        }

        return renewal;
    }

    /// <summary>Active users on <paramref name="day"/> (0 outside the history or before signup).</summary>
    public double ActiveUsers(DateOnly day)
    {
        int index = day.DayNumber - SampleCustomer.HistoryStart.DayNumber;
        return index >= 0 && index < _dailyActiveUsers.Length ? _dailyActiveUsers[index] : 0;
    }

    /// <summary>The mean daily active users over the <paramref name="days"/> days ending on <paramref name="asOf"/>.</summary>
    public double MeanActiveUsers(DateOnly asOf, int days, int daysBefore = 0)
    {
        double total = 0;
        DateOnly end = asOf.AddDays(-daysBefore);
        for (int t = 0; t < days; t++)
        {
            total += ActiveUsers(end.AddDays(-t));
        }

        return total / days;
    }

    /// <summary>Days since the last day with any active user, up to <paramref name="asOf"/> (capped at the history length).</summary>
    public int DaysSinceActive(DateOnly asOf)
    {
        int last = Math.Min(asOf.DayNumber - SampleCustomer.HistoryStart.DayNumber, _dailyActiveUsers.Length - 1);
        for (int t = last; t >= 0; t--)
        {
            if (_dailyActiveUsers[t] > 0)
            {
                return last - t;
            }
        }

        return last + 1;
    }

    /// <summary>Support tickets opened in the <paramref name="days"/> days ending on <paramref name="asOf"/>.</summary>
    public int Tickets(DateOnly asOf, int days) => _tickets.Count(t => t <= asOf && t > asOf.AddDays(-days));
}
