namespace Segmentation.Features;

/// <summary>
/// Value features of a <see cref="CustomerRecord"/>: <c>arr</c>, <c>seats_purchased</c>, <c>seat_utilization</c>
/// (seats used / bought) and <c>nps</c>; missing fields are missing values (imputed later).
/// </summary>
/// <remarks>Stateless and thread-safe: use <see cref="Instance"/>.</remarks>
internal sealed class ValueExtractor : IFeatureExtractor<CustomerRecord>
{
    /// <summary>The shared instance.</summary>
    public static readonly ValueExtractor Instance = new();

    private ValueExtractor()
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<FeatureColumn> Columns { get; } =
    [
        new("arr", FeatureKind.Numeric),
        new("seats_purchased", FeatureKind.Numeric),
        new("seat_utilization", FeatureKind.Numeric),
        new("nps", FeatureKind.Numeric),
    ];

    /// <inheritdoc />
    public void Extract(CustomerRecord customer, FeatureContext context, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(customer);
        destination[0] = customer.Arr ?? double.NaN;
        destination[1] = customer.SeatsPurchased ?? double.NaN;
        destination[2] = customer.SeatsPurchased is > 0 && customer.SeatsUsed is int used ? (double)used / customer.SeatsPurchased.Value : double.NaN;
        destination[3] = customer.Nps ?? double.NaN;
    }
}

/// <summary>
/// Lifecycle features of a <see cref="CustomerRecord"/> as of the extraction day: <c>tenure_days</c> (since signup;
/// missing when the signup is unknown or after the as-of day, which would be the future) and <c>days_to_renewal</c>
/// (negative when the renewal date has passed).
/// </summary>
/// <remarks>Stateless and thread-safe: use <see cref="Instance"/>.</remarks>
internal sealed class LifecycleExtractor : IFeatureExtractor<CustomerRecord>
{
    /// <summary>The shared instance.</summary>
    public static readonly LifecycleExtractor Instance = new();

    private LifecycleExtractor()
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<FeatureColumn> Columns { get; } = [new("tenure_days", FeatureKind.Numeric), new("days_to_renewal", FeatureKind.Numeric)];

    /// <inheritdoc />
    public void Extract(CustomerRecord customer, FeatureContext context, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(context);
        int today = context.AsOf.DayNumber;
        destination[0] = customer.SignupDate is DateOnly signup && signup.DayNumber <= today ? today - signup.DayNumber : double.NaN;
        destination[1] = customer.RenewalDate is DateOnly renewal ? renewal.DayNumber - today : double.NaN;
    }
}
