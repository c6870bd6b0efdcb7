using Segmentation.Options;

namespace Segmentation.Playbooks;

/// <summary>
/// How many worklist rows each owner role can take on one day, for example CSM: 30 accounts per CSM × 4 CSMs = 120.
/// Roles without an entry are unlimited. Public as <see cref="Pipeline.DailyRunOptions.SetCapacity"/> and <see cref="Pipeline.DailyRunOptions.CapacityOf"/>.
/// </summary>
/// <remarks>
/// The worklist keeps each role's highest-priority rows up to its capacity; the rest is reported in
/// <see cref="Worklist.Overflow"/> (count, total ARR and the rows themselves), never dropped.
/// </remarks>
/// <example><code>new CapacityOptions().Set(OwnerRole.Csm, accountsPerOwner: 30, owners: 4).Set(OwnerRole.Sales, 20, 2)</code></example>
internal sealed class CapacityOptions : IValidatableOptions
{
    /// <summary>The capacity of each limited role (empty: every role is unlimited).</summary>
    internal IDictionary<OwnerRole, OwnerCapacity> Roles { get; } = new Dictionary<OwnerRole, OwnerCapacity>();

    /// <summary>Sets the capacity of <paramref name="role"/> and returns these options, for chaining.</summary>
    /// <param name="role">The role.</param>
    /// <param name="accountsPerOwner">How many accounts one person of the role handles.</param>
    /// <param name="owners">How many people have the role (0: everything overflows).</param>
    public CapacityOptions Set(OwnerRole role, int accountsPerOwner, int owners = 1)
    {
        Roles[role] = new OwnerCapacity { AccountsPerOwner = accountsPerOwner, Owners = owners };
        return this;
    }

    /// <summary>The roles with a capacity, in role order.</summary>
    /// <value>The default value is empty: every role is unlimited.</value>
    public IReadOnlyList<OwnerRole> LimitedRoles => [.. Roles.Keys.Order()];

    /// <summary>How many accounts one person of <paramref name="role"/> handles, or <see langword="null"/> when the role is unlimited.</summary>
    /// <param name="role">The role.</param>
    public int? AccountsPerOwnerOf(OwnerRole role) => Roles.TryGetValue(role, out OwnerCapacity? c) && c is not null ? c.AccountsPerOwner : null;

    /// <summary>How many people have <paramref name="role"/>, or <see langword="null"/> when the role is unlimited.</summary>
    /// <param name="role">The role.</param>
    public int? OwnersOf(OwnerRole role) => Roles.TryGetValue(role, out OwnerCapacity? c) && c is not null ? c.Owners : null;

    /// <summary>The capacity of <paramref name="role"/> in rows, or <see langword="null"/> when unlimited.</summary>
    public int? CapacityOf(OwnerRole role) => Roles.TryGetValue(role, out OwnerCapacity? c) && c is not null ? c.Total : null;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        foreach ((OwnerRole role, OwnerCapacity? capacity) in Roles)
        {
            if (!Enum.IsDefined(role))
            {
                yield return $"DailyRunOptions.SetCapacity: unknown role ({(int)role}); use one of {string.Join(", ", PlaybookTerms.OwnerRoles)}.";
                continue;
            }

            // Named as a host sets them: DailyRunOptions.SetCapacity(role, accountsPerOwner, owners) (this type is internal).
            string name = $"DailyRunOptions.SetCapacity({PlaybookTerms.Name(role)})";
            if (capacity is null)
            {
                yield return $"{name} is empty; give AccountsPerOwner and Owners, or remove the role to leave it unlimited.";
                continue;
            }

            yield return OptionsValidation.Range(name + " accountsPerOwner", capacity.AccountsPerOwner, 1, OwnerCapacity.MaxPerField);
            yield return OptionsValidation.Range(name + " owners", capacity.Owners, 0, OwnerCapacity.MaxPerField);
        }
    }
}

/// <summary>The capacity of one owner role.</summary>
internal sealed class OwnerCapacity
{
    /// <summary>The largest allowed <see cref="AccountsPerOwner"/> and <see cref="Owners"/>.</summary>
    public const int MaxPerField = 10_000;

    /// <summary>How many accounts one person of the role handles.</summary>
    /// <value>The default value is 30 (a CSM's high-touch book). Allowed: 1 to 10,000.</value>
    public int AccountsPerOwner { get; set; } = 30;

    /// <summary>How many people have the role.</summary>
    /// <value>The default value is 1. Allowed: 0 to 10,000 (0: every row of the role overflows).</value>
    public int Owners { get; set; } = 1;

    /// <summary>The rows the role can take: <see cref="AccountsPerOwner"/> × <see cref="Owners"/>.</summary>
    public int Total => AccountsPerOwner * Owners;
}
