using Segmentation.Options;

namespace Segmentation.Playbooks;

/// <summary>
/// Turns customer facts into the day's worklist: matches playbooks, combines each customer's actions, ranks by value
/// at stake and cuts each owner role to its capacity.
/// </summary>
/// <remarks>
/// <para><b>Combination.</b> A customer can match several playbooks. Identical actions (same owner, action name and
/// channel, whatever the playbook) are kept once, at their earliest due date. The worklist has <b>one row per customer
/// per owner role</b>: capacity is counted per role, so a customer at churn risk who is also new and high-value takes
/// one place in the CSM queue and one in Leadership's, and neither team's queue hides the other's work. Within a row
/// the primary action is the most urgent (earliest due date, then the earlier playbook in the set; the customer's
/// priority is the same for all its actions, so it cannot separate them); the others are listed in
/// <see cref="WorklistRow.OtherActions"/>.</para>
/// <para><b>Ranking.</b> Rows with a known ARR first, by value at stake (see <see cref="PriorityOptions"/>), highest
/// first; then rows without ARR by weighted probability; ties by earlier due date, then customer id (ordinal), so the
/// result does not depend on input order.</para>
/// <para><b>Capacity.</b> Each role keeps its top rows up to <see cref="CapacityOptions.CapacityOf"/>; the rest go to
/// <see cref="Worklist.Overflow"/> with their count and total ARR. Nothing is dropped: every customer a playbook
/// matched appears exactly once per owner role of its actions, in <see cref="Worklist.Rows"/> or in the overflow.</para>
/// <para><b>Wording.</b> The rows that fit have the full reason (with the drivers, when the template asks for them). An
/// overflow row's reason leaves the drivers out (the template's optional part around <c>{drivers}</c> is dropped, as
/// when a customer has none): wording the drivers of every customer over capacity cost more than the rest of the daily
/// step at 1,000,000 customers, and nobody works those rows today. The row keeps its scores, bands and ARR.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed class WorklistPlanner
{
    private readonly PriorityOptions _priority;
    private readonly CapacityOptions _capacity;

    /// <summary>Creates a planner.</summary>
    /// <param name="playbooks">The playbooks, for example <see cref="KnownPlaybooks.Default"/>.</param>
    /// <param name="priority">The ranking weights; the defaults when null.</param>
    /// <param name="capacity">The capacity per owner role; every role unlimited when null.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it, its range and its value).</exception>
    public WorklistPlanner(PlaybookSet playbooks, PriorityOptions? priority = null, CapacityOptions? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(playbooks);
        Playbooks = playbooks;
        _priority = priority ?? new PriorityOptions();
        _capacity = capacity ?? new CapacityOptions();
        OptionsValidation.ThrowIfInvalid(_priority, nameof(priority));
        OptionsValidation.ThrowIfInvalid(_capacity, nameof(capacity));

        // Options are mutable classes: keep a copy so later changes by the caller do not change this planner.
        _priority = new PriorityOptions { ChurnWeight = _priority.ChurnWeight, ExpansionWeight = _priority.ExpansionWeight, ExpansionUplift = _priority.ExpansionUplift };
        var copy = new CapacityOptions();
        foreach ((OwnerRole role, OwnerCapacity c) in _capacity.Roles)
        {
            copy.Set(role, c.AccountsPerOwner, c.Owners);
        }

        _capacity = copy;
    }

    /// <summary>The playbooks.</summary>
    public PlaybookSet Playbooks { get; }

    /// <summary>
    /// The actions the playbooks create for one customer, identical ones kept once, ordered by owner role, then most
    /// urgent first (earliest due date, then playbook order).
    /// </summary>
    /// <exception cref="ArgumentException">A value of <paramref name="facts"/> is invalid (the message names the customer).</exception>
    public IReadOnlyList<PlannedAction> Match(CustomerFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return MatchAll(CustomerFactsTable.Of(facts), asOf, null, CancellationToken.None).ActionsOf(0);
    }

    /// <summary>Builds the worklist of <paramref name="customers"/> as of <paramref name="asOf"/>.</summary>
    /// <param name="customers">The facts of every customer; ids must be unique.</param>
    /// <param name="asOf">The date due dates count from.</param>
    /// <param name="cancellationToken">Cancels between customers.</param>
    /// <exception cref="ArgumentException">A customer id appears twice, or a value is invalid (the message names the customer).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Worklist Plan(IEnumerable<CustomerFacts> customers, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        CustomerFacts[] list = [.. customers];
        foreach (CustomerFacts facts in list)
        {
            ArgumentNullException.ThrowIfNull(facts, nameof(customers));
        }

        return Plan(MatchAll(new CustomerFactsTable(list), asOf, null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Which playbooks hold for every row of <paramref name="facts"/>: one bit per playbook per customer, and one
    /// combined action plan per distinct set of bits (a million customers match a handful of sets), so no customer
    /// gets objects of its own.
    /// </summary>
    /// <param name="facts">The customers.</param>
    /// <param name="asOf">The date due dates count from.</param>
    /// <param name="loop">Runs the body for every row (the pipeline's loop reports progress); both cores when null.</param>
    /// <param name="cancellationToken">Cancels between customers.</param>
    /// <exception cref="ArgumentException">A value is invalid (the message names the customer).</exception>
    internal PlaybookMatches MatchAll(FactTable facts, DateOnly asOf, Action<int, Action<int>>? loop, CancellationToken cancellationToken)
    {
        Playbook[] playbooks = [.. Playbooks.Playbooks];
        int n = facts.Count;
        int width = Math.Max(1, (playbooks.Length + 63) / 64);
        var masks = new ulong[n * width];
        void Body(int row)
        {
            if (!facts.IsValid(row))
            {
                ThrowIfInvalid(facts.FactsOf(row));
            }

            Span<ulong> mask = masks.AsSpan(row * width, width);
            for (int p = 0; p < playbooks.Length; p++)
            {
                if (playbooks[p].When.Matches(facts, row))
                {
                    mask[p >> 6] |= 1UL << (p & 63);
                }
            }
        }

        if (loop is null)
        {
            Scoring.CustomerLoop.For(n, Body, cancellationToken);
        }
        else
        {
            loop(n, Body);
        }

        // Set 0 is "nothing matched"; the others are numbered as first seen, so the result does not depend on threads.
        var setOf = new int[n];
        var plans = new List<ActionPlan> { ActionPlan.Empty };
        var byMask = new Dictionary<ulong, int>();
        var byWideMask = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int row = 0; row < n; row++)
        {
            ReadOnlySpan<ulong> mask = masks.AsSpan(row * width, width);
            if (!mask.ContainsAnyExcept(0UL))
            {
                continue;
            }

            int set;
            if (width == 1)
            {
                if (!byMask.TryGetValue(mask[0], out set))
                {
                    set = byMask[mask[0]] = plans.Count;
                    plans.Add(ActionPlan.Of(playbooks, mask, asOf));
                }
            }
            else
            {
                string key = string.Join(',', mask.ToArray());
                if (!byWideMask.TryGetValue(key, out set))
                {
                    set = byWideMask[key] = plans.Count;
                    plans.Add(ActionPlan.Of(playbooks, mask, asOf));
                }
            }

            setOf[row] = set;
        }

        return new PlaybookMatches(facts, setOf, [.. plans], asOf);
    }

    /// <summary>Builds the worklist from every customer's matches (the pipeline keeps them for assignments.csv).</summary>
    /// <exception cref="ArgumentException">A customer id appears twice.</exception>
    internal Worklist Plan(PlaybookMatches matches, CancellationToken cancellationToken)
    {
        FactTable facts = matches.Facts;
        if (!facts.IdsKnownUnique)
        {
            var seen = new HashSet<string>(facts.Count, StringComparer.Ordinal);
            for (int row = 0; row < facts.Count; row++)
            {
                if (!seen.Add(facts.CustomerId(row) ?? string.Empty))
                {
                    throw new ArgumentException($"Customer '{facts.CustomerId(row)}' appears twice; give each customer one set of facts.", nameof(matches));
                }
            }
        }

        // Only customers with an action become candidates: one small struct per customer and owner role.
        int count = 0;
        for (int row = 0; row < facts.Count; row++)
        {
            count += matches.PlanOf(row).GroupCount;
        }

        var sorted = new Candidate[count];
        var primary = new double[count];
        int next = 0;
        for (int row = 0; row < facts.Count; row++)
        {
            if ((row & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int set = matches.SetOf(row);
            if (set == 0)
            {
                continue;
            }

            ActionPlan plan = matches.Plans[set];
            double weighted = _priority.WeightedProbability(facts, row);
            double? atStake = _priority.ValueAtStake(facts, row);
            for (int group = 0; group < plan.GroupCount; group++)
            {
                // The first criterion as one number (known value at stake, highest first; unknown after every known one),
                // so the sort compares numbers; only the rows it ties are compared on every criterion below.
                primary[next] = atStake is double p ? -p : double.PositiveInfinity;
                sorted[next++] = new Candidate(row, set, group, atStake, weighted);
            }
        }

        Array.Sort(primary, sorted);
        var ties = Comparer<Candidate>.Create((a, b) =>
        {
            // The facts (ARR, id: far apart in memory) are read only when the criteria before them tie, which the rows
            // of one customer (one per owner role, same value at stake) seldom do: their due dates differ.
            int c = CompareBeforeFacts(KeyOf(matches, a, withFacts: false), KeyOf(matches, b, withFacts: false));
            return c != 0 ? c : CompareFacts(KeyOf(matches, a, withFacts: true), KeyOf(matches, b, withFacts: true));
        });
        for (int start = 0; start < count;)
        {
            int end = start + 1;
            while (end < count && primary[end] == primary[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                // The full order is total (customer and owner make a row unique), so the result does not depend on the sort algorithm.
                Array.Sort(sorted, start, end - start, ties);
            }

            start = end;
        }

        // Counted first, then copied once into arrays of their size: growing lists of candidates and copying them into
        // the rows' arrays was about a quarter of planning's CPU at 1,000,000 customers (page faults on every new copy).
        // Each candidate's role is read from a table per matched set and group, counts are kept in arrays by role.
        (OwnerRole[] roles, int[][] roleOf) = RolesOf(matches);
        int?[] capacities = [.. roles.Select(_capacity.CapacityOf)];
        var fits = new bool[sorted.Length];
        var taken = new int[roles.Length];
        var over = new int[roles.Length];
        int keptCount = 0;
        for (int c = 0; c < sorted.Length; c++)
        {
            int role = roleOf[sorted[c].Set][sorted[c].Group];
            if (capacities[role] is int capacity && taken[role] >= capacity)
            {
                over[role]++;
                continue;
            }

            taken[role]++;
            fits[c] = true;
            keptCount++;
        }

        var kept = new Candidate[keptCount];
        Candidate[][] overflowByRole = [.. over.Select(count => new Candidate[count])];
        var filled = new int[roles.Length];
        for (int c = 0, k = 0; c < sorted.Length; c++)
        {
            if (fits[c])
            {
                kept[k++] = sorted[c];
                continue;
            }

            int role = roleOf[sorted[c].Set][sorted[c].Group];
            overflowByRole[role][filled[role]++] = sorted[c];
        }

        Dictionary<OwnerRole, Candidate[]> overflow = Enumerable.Range(0, roles.Length).Where(r => over[r] > 0).ToDictionary(r => roles[r], r => overflowByRole[r]);
        RoleOverflow[] overflows =
        [
            .. _capacity.Roles.Keys.Order().Select(role =>
            {
                Candidate[] rows = overflow.TryGetValue(role, out Candidate[]? l) ? l : [];
                double total = 0;
                int withoutValue = 0;
                foreach (Candidate candidate in rows)
                {
                    if (facts.Value(candidate.Row) is double v)
                    {
                        total += v;
                    }
                    else
                    {
                        withoutValue++;
                    }
                }

                // Overflow rows are worded without drivers: see the remarks.
                return new RoleOverflow(role, _capacity.CapacityOf(role)!.Value, rows.Length, total, withoutValue, new PlannedRows(matches, rows, withDrivers: false));
            }),
        ];
        return new Worklist(matches.AsOf, new PlannedRows(matches, kept, withDrivers: true), overflows);
    }

    /// <summary>The owner roles of the matched plans' groups (each once), and for every set and group the index of its role among them.</summary>
    private static (OwnerRole[] Roles, int[][] RoleOf) RolesOf(PlaybookMatches matches)
    {
        var roles = new List<OwnerRole>();
        int[][] roleOf = [.. matches.Plans.Select(plan => Enumerable.Range(0, plan.GroupCount).Select(group =>
        {
            OwnerRole owner = plan.Primary(group).Playbook.Action.Owner;
            int at = roles.IndexOf(owner);
            if (at < 0)
            {
                at = roles.Count;
                roles.Add(owner);
            }

            return at;
        }).ToArray())];
        return ([.. roles], roleOf);
    }

    /// <summary>The ranking order: known value at stake first (highest first), then weighted probability, due date, ARR (highest first), customer id, owner.</summary>
    internal static int CompareRank(WorklistRow a, WorklistRow b) => CompareRank(RankKey.Of(a), RankKey.Of(b));

    private static int CompareRank(in RankKey a, in RankKey b)
    {
        int c = CompareBeforeFacts(a, b);
        return c != 0 ? c : CompareFacts(a, b);
    }

    /// <summary>The ranking's criteria up to the due date (value at stake, weighted probability, due date).</summary>
    private static int CompareBeforeFacts(in RankKey a, in RankKey b)
    {
        int c = (b.Priority is not null).CompareTo(a.Priority is not null);
        if (c == 0 && a.Priority is double pa && b.Priority is double pb)
        {
            c = pb.CompareTo(pa);
        }

        if (c == 0)
        {
            c = b.WeightedProbability.CompareTo(a.WeightedProbability);
        }

        return c != 0 ? c : a.Due.CompareTo(b.Due);
    }

    /// <summary>The ranking's criteria after the due date (ARR, customer id, owner).</summary>
    private static int CompareFacts(in RankKey a, in RankKey b)
    {
        // Unscored rows (no probabilities, priority 0) still put the larger account first.
        int c = (b.Value ?? double.NegativeInfinity).CompareTo(a.Value ?? double.NegativeInfinity);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.CustomerId, b.CustomerId);
        }

        return c != 0 ? c : a.Owner.CompareTo(b.Owner);
    }

    /// <summary>What the ranking reads of a candidate; without <paramref name="withFacts"/> no ARR and no id (for <see cref="CompareBeforeFacts"/>).</summary>
    private static RankKey KeyOf(PlaybookMatches matches, Candidate candidate, bool withFacts)
    {
        (Playbook playbook, DateOnly due) = matches.Plans[candidate.Set].Primary(candidate.Group);
        FactTable facts = matches.Facts;
        return withFacts
            ? new RankKey(candidate.AtStake, candidate.Weighted, due, facts.Value(candidate.Row), facts.CustomerId(candidate.Row), playbook.Action.Owner)
            : new RankKey(candidate.AtStake, candidate.Weighted, due, null, string.Empty, playbook.Action.Owner);
    }

    /// <summary>What the ranking reads of a row.</summary>
    private readonly record struct RankKey(double? Priority, double WeightedProbability, DateOnly Due, double? Value, string CustomerId, OwnerRole Owner)
    {
        public static RankKey Of(WorklistRow row) => new(row.Priority, row.WeightedProbability, row.Due, row.Value, row.CustomerId, row.Owner);
    }

    /// <summary>One customer's actions for one owner role: the row of the fact table, its set of matched playbooks and the owner group in that set's plan.</summary>
    internal readonly record struct Candidate(int Row, int Set, int Group, double? AtStake, double Weighted);

    private static void ThrowIfInvalid(CustomerFacts facts)
    {
        if (facts.IsValid())
        {
            return;
        }

        string[] problems = [.. facts.Problems()];
        if (problems.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(facts));
        }
    }
}
