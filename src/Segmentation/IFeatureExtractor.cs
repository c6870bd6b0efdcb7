namespace Segmentation;

/// <summary>
/// Turns one customer of a host type into a fixed set of feature values, as of a date.
/// </summary>
/// <typeparam name="TCustomer">The host application's customer type.</typeparam>
/// <remarks>
/// Implementations must not read anything dated after <see cref="FeatureContext.AsOf"/>, so that features
/// computed for a past date match what was knowable then (no leakage into churn models).
/// Write <see cref="double.NaN"/> for a missing value. Implementations are expected to be thread-safe. Internal
/// (issue #22): a host adds its features with the <c>FeatureSet&lt;T&gt;.Add</c> lambdas and the history ones with
/// <c>AddUsageTrends</c>, <c>AddSupport</c> and <c>AddRfm</c>.
/// </remarks>
internal interface IFeatureExtractor<in TCustomer>
{
    /// <summary>The columns this extractor writes, in order.</summary>
    IReadOnlyList<FeatureColumn> Columns { get; }

    /// <summary>Writes this customer's features into <paramref name="destination"/> (length <c>Columns.Count</c>).</summary>
    void Extract(TCustomer customer, FeatureContext context, Span<double> destination);
}

/// <summary>
/// What an extraction may know about the run it belongs to: features must not read anything dated after
/// <see cref="AsOf"/>, so that features computed for a past date match what was knowable then (no leakage into churn models).
/// </summary>
/// <param name="AsOf">The last day whose data may be read (inclusive).</param>
/// <remarks>Internal (issue #22): a <c>FeatureSet&lt;T&gt;.Add</c> lambda receives the as-of date itself.</remarks>
internal sealed record FeatureContext(DateOnly AsOf);
