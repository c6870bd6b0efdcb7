using Segmentation.Options;

namespace Segmentation.Playbooks;

/// <summary>
/// How the worklist ranks customers (public as <see cref="Pipeline.DailyRunOptions.ChurnWeight"/> and its siblings): by the value at stake,
/// <c>ChurnWeight × churn probability × ARR + ExpansionWeight × expansion probability × ARR × ExpansionUplift</c>.
/// </summary>
/// <remarks>
/// <para><b>Why these defaults.</b> A churn dollar is revenue already booked: losing it is certain loss, so it counts
/// in full (<see cref="ChurnWeight"/> 1). An expansion dollar is a forecast that still has to be won and closes far less
/// often than a renewal, so it counts half (<see cref="ExpansionWeight"/> 0.5). A won expansion adds a part of the
/// current ARR, not all of it: <see cref="ExpansionUplift"/> 0.2 (a typical upsell adds 10-30% of ARR). With the defaults a
/// $100,000 customer at 40% churn risk has $40,000 at stake, and the same customer at 80% expansion probability
/// $8,000: saving a renewal comes before an upsell of the same account, as most CS teams order their day.</para>
/// <para><b>Customers without a value.</b> Absent ARR is not 0: such a customer has no value at stake to compare, so
/// rows with a known ARR rank first (by value at stake), and rows without ARR follow, ranked by the weighted
/// probability alone (<c>ChurnWeight × churn probability + ExpansionWeight × expansion probability × ExpansionUplift</c>,
/// the same formula per dollar of ARR). A missing probability contributes 0. The CSV shows the value at stake in
/// <c>priority</c> and leaves it empty when ARR is unknown.</para>
/// </remarks>
internal sealed class PriorityOptions : IValidatableOptions
{
    /// <summary>The weight of ARR at risk (churn probability × ARR).</summary>
    /// <value>The default value is 1. Allowed: 0 to 100.</value>
    public double ChurnWeight { get; set; } = 1.0;

    /// <summary>The weight of the expansion upside (expansion probability × ARR × <see cref="ExpansionUplift"/>).</summary>
    /// <value>The default value is 0.5. Allowed: 0 to 100.</value>
    public double ExpansionWeight { get; set; } = 0.5;

    /// <summary>The share of current ARR a won expansion adds.</summary>
    /// <value>The default value is 0.2. Allowed: 0 to 10.</value>
    public double ExpansionUplift { get; set; } = 0.2;

    /// <summary>The weighted probability of <paramref name="facts"/>: the value at stake per dollar of ARR.</summary>
    internal double WeightedProbability(CustomerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return WeightedProbability(facts.ChurnProbability, facts.ExpansionProbability);
    }

    /// <summary>The weighted probability of one row of a fact table.</summary>
    internal double WeightedProbability(FactTable facts, int row) => WeightedProbability(facts.ChurnProbability(row), facts.ExpansionProbability(row));

    /// <summary>The value at stake of one row of a fact table, or <see langword="null"/> when its ARR is unknown.</summary>
    internal double? ValueAtStake(FactTable facts, int row) => facts.Value(row) is double value ? value * WeightedProbability(facts, row) : null;

    private double WeightedProbability(double? churn, double? expansion) => (ChurnWeight * (churn ?? 0)) + (ExpansionWeight * (expansion ?? 0) * ExpansionUplift);

    /// <summary>The value at stake of <paramref name="facts"/> in ARR units, or <see langword="null"/> when its ARR is unknown.</summary>
    internal double? ValueAtStake(CustomerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Value is double value ? value * WeightedProbability(facts) : null;
    }

    // Named as a host sets them: on DailyRunOptions (this type is internal).
    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("DailyRunOptions.ChurnWeight", ChurnWeight, 0, 100);
        yield return OptionsValidation.Range("DailyRunOptions.ExpansionWeight", ExpansionWeight, 0, 100);
        yield return OptionsValidation.Range("DailyRunOptions.ExpansionUplift", ExpansionUplift, 0, 10);
    }
}
