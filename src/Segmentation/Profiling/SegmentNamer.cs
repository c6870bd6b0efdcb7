using System.Globalization;

namespace Segmentation.Profiling;

/// <summary>
/// Builds segment names in words a CSM uses ("High ARR, usage declining", "New, low logins") from claims that are
/// checked against the segment's members: every word in a name is true of the segment (see <see cref="NamingVocabulary"/>
/// for the bars), two words never speak of collinear features, and segments whose names would collide are told apart
/// by the feature that separates them most.
/// </summary>
internal static class SegmentNamer
{
    /// <summary>Deviations smaller than this (in standard units) are not worth naming; the same bar as <see cref="SegmentProfile.DefiningFeatures"/>.</summary>
    internal const double MinimumDeviation = NamingVocabulary.MinimumDeviation;

    /// <summary>The name of a segment within <see cref="MinimumDeviation"/> of the population mean on every feature.</summary>
    internal const string TypicalName = "Typical customers";

    /// <summary>The name of a segment that differs from the population somewhere, but never with most of its members on one side.</summary>
    internal const string MixedName = "Mixed profile";

    /// <summary>The name of a segment without members.</summary>
    internal const string EmptyName = "Empty segment";

    private const int PreferredTerms = 2;

    /// <summary>The largest value a fraction-scaled ratio may take (over-used seats), so that a percentage is not read as one.</summary>
    private const double MaximumFraction = 2;

    /// <summary>Names each segment, deterministically; the names are unique (case-insensitive).</summary>
    /// <param name="raw">Features in original units (NaN = missing).</param>
    /// <param name="members">Per segment, the rows that belong to it.</param>
    public static string[] Name(FeatureMatrix raw, IReadOnlyList<IReadOnlyList<int>> members)
    {
        var context = new NamingContext(raw);
        int k = members.Count;
        var means = new double[k][];
        var phrases = new string?[k][];
        for (int s = 0; s < k; s++)
        {
            means[s] = new double[raw.ColumnCount];
            phrases[s] = new string?[raw.ColumnCount];
            for (int j = 0; j < raw.ColumnCount; j++)
            {
                double[] values = [.. members[s].Select(i => raw[i, j]).Where(v => !double.IsNaN(v))];
                (means[s][j], phrases[s][j]) = ClaimFor(raw.Schema[j], context.Population(j), values);
            }
        }

        return Name(raw, [.. members.Select(m => m.Count)], means, phrases, context);
    }

    /// <summary>
    /// Population statistics of one feature that claims are checked against, from its present values in row order
    /// (mean and standard deviation summed in that order); the median is found by selection, which reorders <paramref name="present"/>.
    /// </summary>
    internal static NamingPopulation Population(Span<double> present)
    {
        if (present.IsEmpty)
        {
            return new NamingPopulation(double.NaN, 0, double.NaN, false);
        }

        double mean = Statistics.Sum(present) / present.Length;
        double squares = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in present)
        {
            squares += (v - mean) * (v - mean);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        double median = Statistics.Quantile(present, 0.5);
        return new NamingPopulation(mean, Math.Sqrt(squares / present.Length), median, min >= 0 && median <= 1 && max <= MaximumFraction);
    }

    /// <summary>A segment's mean of one feature (over its members' present values, in row order) and the phrase it may claim, if any.</summary>
    internal static (double Mean, string? Phrase) ClaimFor(FeatureColumn column, NamingPopulation population, ReadOnlySpan<double> values)
    {
        double mean = values.Length == 0 ? double.NaN : Statistics.Sum(values) / values.Length;
        return (mean, Claim(column, population, values, population.Deviation(mean)));
    }

    /// <summary>Names each segment from its size, means and claims per feature (<see cref="ClaimFor"/>) and the population (<see cref="Population"/>).</summary>
    internal static string[] Name(FeatureMatrix raw, int[] memberCounts, double[][] means, string?[][] phrases, NamingPopulation[] population) =>
        Name(raw, memberCounts, means, phrases, new NamingContext(raw, population));

    private static string[] Name(FeatureMatrix raw, int[] memberCounts, double[][] means, string?[][] phrases, NamingContext context)
    {
        int k = memberCounts.Length;
        var terms = new List<string>[k];
        var claimed = new List<int>[k];
        for (int s = 0; s < k; s++)
        {
            var claims = new List<(int Column, string Phrase, double Strength)>();
            bool typical = true;
            for (int j = 0; j < raw.ColumnCount; j++)
            {
                double deviation = context.Deviation(j, means[s][j]);
                typical &= Math.Abs(deviation) < MinimumDeviation;
                if (phrases[s][j] is string phrase)
                {
                    claims.Add((j, phrase, Math.Abs(deviation)));
                }
            }

            var chosen = new List<(int Column, string Phrase, double Strength)>();
            foreach (var claim in claims
                .OrderByDescending(c => Math.Round(c.Strength, 6))
                .ThenBy(c => raw.Schema[c.Column].Kind) // on a tie, a numeric feature says more than a flag
                .ThenBy(c => raw.Schema[c.Column].Name, StringComparer.Ordinal))
            {
                if (chosen.Count < PreferredTerms
                    && !chosen.Any(c => string.Equals(c.Phrase, claim.Phrase, StringComparison.OrdinalIgnoreCase) || context.Collinear(c.Column, claim.Column)))
                {
                    chosen.Add(claim);
                }
            }

            terms[s] = chosen.Count > 0 ? [.. chosen.Select(c => c.Phrase)]
                : [memberCounts[s] == 0 ? EmptyName : typical ? TypicalName : MixedName];
            claimed[s] = [.. chosen.Select(c => c.Column)];
        }

        Separate(terms, claimed, means, context);
        var names = new string[k];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < k; s++)
        {
            string name = Join(terms[s]);
            string unique = name;
            for (int suffix = 2; !used.Add(unique); suffix++)
            {
                // Only segments with identical means on every feature get here: nothing tells them apart.
                unique = string.Create(CultureInfo.InvariantCulture, $"{name} ({suffix})");
            }

            names[s] = unique;
        }

        return names;
    }

    /// <summary>
    /// Whether a name given earlier (kept across a retrain) is still true of a segment: every word of it that the namer
    /// uses must be a claim that clears its bars today. Words the namer never uses (a user's own name) are accepted;
    /// "higher X"/"lower X" compared the segment with another one of that day and are not kept.
    /// </summary>
    /// <param name="name">The earlier name (a " (2)" suffix is ignored).</param>
    /// <param name="raw">Today's features in original units.</param>
    /// <param name="members">Today's rows of the segment.</param>
    internal static bool Holds(string name, FeatureMatrix raw, IReadOnlyList<int> members) => Holds(raw, [(name, members)])[0];

    /// <summary>
    /// <see cref="Holds(string, FeatureMatrix, IReadOnlyList{int})"/> for several segments at once: the population
    /// statistics are computed once, not once per segment.
    /// </summary>
    /// <param name="raw">Today's features in original units.</param>
    /// <param name="segments">Each segment's earlier name and today's rows.</param>
    internal static bool[] Holds(FeatureMatrix raw, IReadOnlyList<(string Name, IReadOnlyList<int> Members)> segments)
    {
        var context = new NamingContext(raw);
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TypicalName, MixedName, EmptyName };
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            FeatureColumn column = raw.Schema[j];
            foreach (bool high in new[] { true, false })
            {
                string? term = NamingVocabulary.Term(column, high ? 1 : -1);
                string?[] words = column.Kind == FeatureKind.Numeric
                    ? [NamingVocabulary.Generic(column, high), NamingVocabulary.Relative(column, high), NamingVocabulary.DomainWord(column, high, true)?.Phrase, NamingVocabulary.DomainWord(column, high, false)?.Phrase]
                    : [term, term is null ? null : $"mostly {term}"];
                known.UnionWith(words.OfType<string>());
            }
        }

        var holds = new bool[segments.Count];
        double[] buffer = new double[segments.Count == 0 ? 0 : segments.Max(s => s.Members.Count)];
        for (int s = 0; s < holds.Length; s++)
        {
            holds[s] = Holds(segments[s].Name, raw, segments[s].Members, context, known, buffer);
        }

        return holds;
    }

    private static bool Holds(string name, FeatureMatrix raw, IReadOnlyList<int> members, NamingContext context, HashSet<string> known, double[] buffer)
    {
        var valid = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool typical = true;
        ReadOnlySpan<double> cells = raw.Values;
        int columns = raw.ColumnCount;
        for (int j = 0; j < columns; j++)
        {
            // The members' present values of column j, read from the row-major cells without a bounds-checked indexer or a query.
            int count = 0;
            for (int m = 0; m < members.Count; m++)
            {
                double v = cells[(members[m] * columns) + j];
                if (!double.IsNaN(v))
                {
                    buffer[count++] = v;
                }
            }

            ReadOnlySpan<double> values = buffer.AsSpan(0, count);
            double deviation = context.Deviation(j, count == 0 ? double.NaN : Statistics.Sum(values) / count);
            typical &= Math.Abs(deviation) < MinimumDeviation;
            if (Claim(raw.Schema[j], context.Population(j), values, deviation) is string phrase)
            {
                valid.Add(phrase);
            }
        }

        valid.Add(members.Count == 0 ? EmptyName : typical ? TypicalName : valid.Count == 0 ? MixedName : string.Empty);
        foreach (string term in SuffixFree(name).Split(", "))
        {
            if (term.StartsWith("higher ", StringComparison.OrdinalIgnoreCase) || term.StartsWith("lower ", StringComparison.OrdinalIgnoreCase)
                || term.StartsWith("more often ", StringComparison.OrdinalIgnoreCase) || term.StartsWith("less often ", StringComparison.OrdinalIgnoreCase)
                || (known.Contains(term) && !valid.Contains(term)))
            {
                return false;
            }
        }

        return true;
    }

    private static string SuffixFree(string name)
    {
        int open = name.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 && name.EndsWith(')') && name[(open + 2)..^1].All(char.IsDigit) ? name[..open] : name;
    }

    /// <summary>The phrase a segment may claim for one feature, or null when no claim clears its bars.</summary>
    private static string? Claim(FeatureColumn column, NamingPopulation population, ReadOnlySpan<double> values, double deviation)
    {
        if (values.Length == 0 || Math.Abs(deviation) < MinimumDeviation)
        {
            return null;
        }

        bool high = deviation > 0;
        double share = Statistics.Sum(values) / values.Length; // for 0/1 columns: the share of members with the trait
        switch (column.Kind)
        {
            case FeatureKind.Binary:
                return high
                    ? share >= NamingVocabulary.AllShare ? NamingVocabulary.Term(column, 1) : share > NamingVocabulary.MajorityShare ? $"mostly {NamingVocabulary.Term(column, 1)}" : null
                    : share <= NamingVocabulary.NoneShare ? NamingVocabulary.Term(column, -1) : share < NamingVocabulary.MajorityShare ? $"mostly {NamingVocabulary.Term(column, -1)}" : null;
            case FeatureKind.Categorical:
                return !high ? null
                    : share >= NamingVocabulary.AllShare ? NamingVocabulary.Term(column, 1)
                    : share > NamingVocabulary.MajorityShare ? $"mostly {NamingVocabulary.Term(column, 1)}"
                    : null;
            case FeatureKind.MissingIndicator:
                return high && share > NamingVocabulary.MajorityShare ? NamingVocabulary.Term(column, 1) : null;
        }

        double median = population.Median;
        if (ShareOf(values, v => high ? v > median : v < median) <= NamingVocabulary.MajorityShare)
        {
            return null; // the mean moved, but most members are not on that side of the typical customer
        }

        if (NamingVocabulary.DomainWord(column, high, population.Fraction) is not { } word)
        {
            return NamingVocabulary.Relative(column, high);
        }

        return word.Bar is not { } bar || ShareOf(values, bar.Holds) > NamingVocabulary.MajorityShare
            ? word.Phrase
            : NamingVocabulary.Relative(column, high);
    }

    /// <summary>
    /// Segments whose names make the same claims are told apart by the feature whose segment means differ most (in
    /// population standard deviations): those above the midpoint of the group's means get "higher X", the others
    /// "lower X". Each round splits every such group in two, so at most k-1 rounds are needed.
    /// </summary>
    private static void Separate(List<string>[] terms, List<int>[] claimed, double[][] means, NamingContext context)
    {
        for (int round = 0; round < terms.Length; round++)
        {
            bool progress = false;
            foreach (int[] group in Enumerable.Range(0, terms.Length)
                .GroupBy(s => string.Join('\n', terms[s].Select(t => t.ToLowerInvariant()).Order(StringComparer.Ordinal)), StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => g.ToArray()))
            {
                int best = -1;
                double bestSpread = 1e-9;
                int[] spoken = [.. group.SelectMany(s => claimed[s]).Distinct()];
                for (int j = 0; j < means[group[0]].Length; j++)
                {
                    if (spoken.Any(c => c == j || context.Collinear(c, j)))
                    {
                        // A name speaks once of a feature, and never of two collinear ones: a second word on X could
                        // only repeat or contradict the first ("lower X, higher X").
                        continue;
                    }

                    double[] values = [.. group.Select(s => means[s][j])];
                    double spread = values.Any(double.IsNaN) ? 0 : context.Deviation(j, values.Max()) - context.Deviation(j, values.Min());
                    if (spread > bestSpread)
                    {
                        (best, bestSpread) = (j, spread);
                    }
                }

                if (best < 0)
                {
                    continue;
                }

                double midpoint = (group.Max(s => means[s][best]) + group.Min(s => means[s][best])) / 2;
                List<string> shared = terms[group[0]]; // the same claims, in the first segment's order, so the names read alike
                foreach (int s in group)
                {
                    terms[s] = [.. shared, NamingVocabulary.Comparative(context.Column(best), means[s][best] > midpoint)];
                    claimed[s] = [.. spoken, best];
                }

                progress = true;
            }

            if (!progress)
            {
                return;
            }
        }
    }

    private static double ShareOf(ReadOnlySpan<double> values, Func<double, bool> predicate)
    {
        int count = 0;
        foreach (double v in values)
        {
            count += predicate(v) ? 1 : 0;
        }

        return (double)count / values.Length;
    }

    private static string Join(IEnumerable<string> terms)
    {
        string joined = string.Join(", ", terms);
        return joined.Length == 0 ? joined : char.ToUpperInvariant(joined[0]) + joined[1..];
    }

    /// <summary>Population statistics the claims are checked against, and which features are collinear.</summary>
    private sealed class NamingContext
    {
        private readonly FeatureMatrix _raw;
        private readonly NamingPopulation[] _population;
        private readonly Dictionary<(int, int), bool> _collinear = [];

        public NamingContext(FeatureMatrix raw)
            : this(raw, [.. Enumerable.Range(0, raw.ColumnCount).Select(j =>
            {
                double[] present = [.. raw.Column(j).Where(v => !double.IsNaN(v))];
                return SegmentNamer.Population(present);
            })])
        {
        }

        public NamingContext(FeatureMatrix raw, NamingPopulation[] population)
        {
            _raw = raw;
            _population = population;
        }

        public FeatureColumn Column(int j) => _raw.Schema[j];

        public NamingPopulation Population(int j) => _population[j];

        /// <summary>(value - population mean) / population standard deviation; 0 for a constant feature or a missing value.</summary>
        public double Deviation(int j, double value) => _population[j].Deviation(value);

        /// <summary>Levels of the same categorical column, or |Pearson r| of at least <see cref="NamingVocabulary.CollinearCorrelation"/> over the rows where both are present.</summary>
        public bool Collinear(int a, int b)
        {
            FeatureColumn x = _raw.Schema[a];
            FeatureColumn y = _raw.Schema[b];
            if (x.Kind == FeatureKind.Categorical && y.Kind == FeatureKind.Categorical && x.Source is not null && string.Equals(x.Source, y.Source, StringComparison.Ordinal))
            {
                return true;
            }

            (int, int) key = a < b ? (a, b) : (b, a);
            if (!_collinear.TryGetValue(key, out bool collinear))
            {
                collinear = Math.Abs(Correlation(a, b)) >= NamingVocabulary.CollinearCorrelation;
                _collinear[key] = collinear;
            }

            return collinear;
        }

        private double Correlation(int a, int b)
        {
            double n = 0, sx = 0, sy = 0;
            for (int i = 0; i < _raw.RowCount; i++)
            {
                double x = _raw[i, a], y = _raw[i, b];
                if (!double.IsNaN(x) && !double.IsNaN(y))
                {
                    n++;
                    sx += x;
                    sy += y;
                }
            }

            if (n < 2)
            {
                return 0;
            }

            double mx = sx / n, my = sy / n, sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < _raw.RowCount; i++)
            {
                double x = _raw[i, a] - mx, y = _raw[i, b] - my;
                if (!double.IsNaN(x) && !double.IsNaN(y))
                {
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                }
            }

            return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
        }
    }
}

/// <summary>
/// Population statistics of one feature for naming: mean, standard deviation and median of its present values, and
/// whether it is a fraction such as seat utilisation (1 = all seats): no value below 0, the median at most 1 and none
/// above 2 (a few accounts use more seats than they pay for); a percentage is not.
/// </summary>
internal readonly record struct NamingPopulation(double Mean, double Std, double Median, bool Fraction)
{
    /// <summary>(value - mean) / standard deviation; 0 for a constant feature or a missing value.</summary>
    public double Deviation(double value) => Std > 0 && !double.IsNaN(value) ? (value - Mean) / Std : 0;
}
