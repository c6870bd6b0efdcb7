namespace Segmentation.Features;

/// <summary>
/// A customer as CRM and billing systems describe it: the documented input of the built-in extractors
/// (<see cref="ValueExtractor"/>, <see cref="LifecycleExtractor"/>). Host applications with their own customer class
/// use <see cref="FeatureSet{TCustomer}"/> instead; every field but <see cref="Id"/> is optional.
/// </summary>
/// <param name="Id">The customer id, as used in the usage, ticket and transaction histories.</param>
internal sealed record CustomerRecord(string Id)
{
    /// <summary>Annual recurring revenue (or annual contract value), in the account's currency.</summary>
    public double? Arr { get; init; }

    /// <summary>Seats (licences) bought.</summary>
    public int? SeatsPurchased { get; init; }

    /// <summary>Seats assigned to active users.</summary>
    public int? SeatsUsed { get; init; }

    /// <summary>The day the customer signed up (tenure counts from it).</summary>
    public DateOnly? SignupDate { get; init; }

    /// <summary>The next renewal date of the contract.</summary>
    public DateOnly? RenewalDate { get; init; }

    /// <summary>The plan or tier (for example "starter", "pro", "enterprise").</summary>
    public string? Plan { get; init; }

    /// <summary>The industry.</summary>
    public string? Industry { get; init; }

    /// <summary>The region.</summary>
    public string? Region { get; init; }

    /// <summary>The latest net promoter score answer (-100 to 100 for an account average, 0 to 10 for one answer).</summary>
    public double? Nps { get; init; }
}
