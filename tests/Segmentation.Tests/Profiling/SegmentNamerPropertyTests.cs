using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Profiling;

namespace Segmentation.Tests.Profiling;

/// <summary>
/// Every word of every name is re-checked here from the data, with statistics computed by the test itself (not by the
/// profiler or the namer): random segments over numeric, skewed, collinear, yes/no, one-hot and partly missing columns.
/// </summary>
public partial class SegmentNamerPropertyTests
{
    // This test sums in another order than the profiler: a deviation of exactly 0.5 sd can come out a few ulps either side.
    private const double Tolerance = 1e-9;

    private static readonly FeatureColumn[] Columns =
    [
        new("f0"), new("g0"), new("f1"), new("tenure_days"), new("has_b", FeatureKind.Binary),
        new("cat=red", FeatureKind.Categorical, "cat"), new("cat=green", FeatureKind.Categorical, "cat"), new("cat=blue", FeatureKind.Categorical, "cat"),
    ];

    private static readonly string[] Levels = ["red", "green", "blue"];

    [Property(MaxTest = 150)]
    public Property Profile_RandomSegments_EveryClaimInEveryNameHolds(PositiveInt seed, PositiveInt rowSeed, PositiveInt segmentSeed)
    {
        int rows = 10 + (rowSeed.Get % 190);
        int k = 2 + (segmentSeed.Get % 5);
        (double[][] data, int[] labels) = Generate(new Random(seed.Get), rows, k);
        FeatureMatrix matrix = FeatureMatrix.FromSpan([.. data.SelectMany(r => r)], Columns.Length, new FeatureSchema(Columns));

        string[] names = [.. SegmentProfiler.Profile(matrix, labels, k).Select(p => p.Name)];

        var problems = new List<string>();
        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
        {
            problems.Add("two segments share a name");
        }

        var comparatives = new List<(int Segment, string Prefix, int Column, bool Higher)>();
        for (int s = 0; s < k; s++)
        {
            int[] members = [.. Enumerable.Range(0, rows).Where(i => labels[i] == s)];
            string[] terms = SuffixPattern().Replace(names[s], string.Empty).Split(", ");
            terms[0] = char.ToLowerInvariant(terms[0][0]) + terms[0][1..];
            var spoken = new List<int>();
            for (int t = 0; t < terms.Length; t++)
            {
                string? problem = Check(terms[t], data, members, spoken, out (int Column, bool Higher)? comparative);
                if (problem is not null)
                {
                    problems.Add($"segment {s} '{names[s]}': '{terms[t]}' {problem}");
                }

                if (comparative is { } c)
                {
                    comparatives.Add((s, string.Join(", ", terms.Take(t)), c.Column, c.Higher));
                }
            }

            foreach (int a in spoken)
            {
                foreach (int b in spoken.Where(b => b > a))
                {
                    bool siblings = Columns[a].Source is not null && Columns[a].Source == Columns[b].Source;
                    if (siblings || Math.Abs(Correlation(data, a, b)) >= 0.9)
                    {
                        problems.Add($"segment {s} '{names[s]}' speaks of collinear {Columns[a].Name} and {Columns[b].Name}");
                    }
                }
            }
        }

        foreach (var high in comparatives.Where(c => c.Higher))
        {
            foreach (var low in comparatives.Where(c => !c.Higher && c.Prefix == high.Prefix && c.Column == high.Column))
            {
                if (!(Mean(data, Members(labels, high.Segment), high.Column) > Mean(data, Members(labels, low.Segment), low.Column)))
                {
                    problems.Add($"'{names[high.Segment]}' is not higher in {Columns[high.Column].Name} than '{names[low.Segment]}'");
                }
            }
        }

        return (problems.Count == 0).Label(string.Join("; ", problems) + " | names: " + string.Join(" / ", names));
    }

    /// <summary>Checks one term against the data; null when it holds.</summary>
    private static string? Check(string term, double[][] data, int[] members, List<int> spoken, out (int Column, bool Higher)? comparative)
    {
        comparative = null;
        switch (term)
        {
            case "typical customers":
                return members.Length > 0 && Enumerable.Range(0, Columns.Length).All(j => Math.Abs(Smd(data, members, j)) < 0.5 + Tolerance) ? null : "but some feature is 0.5 sd or more off the average";
            case "mixed profile":
                return members.Length > 0 ? null : "but the segment is empty";
            case "empty segment":
                return members.Length == 0 ? null : "but it has members";
        }

        foreach ((string prefix, bool higher) in new[] { ("higher ", true), ("lower ", false), ("more often ", true), ("less often ", false) })
        {
            if (term.StartsWith(prefix, StringComparison.Ordinal))
            {
                int column = ColumnOf(term[prefix.Length..]);
                if (column < 0)
                {
                    return "is not a known comparative";
                }

                spoken.Add(column);
                comparative = (column, higher);
                return null;
            }
        }

        if (term is "new" or "long-tenured")
        {
            int tenure = 3;
            spoken.Add(tenure);
            bool isNew = term == "new";
            return Relative(data, members, tenure, high: !isNew)
                && Share(data, members, tenure, v => isNew ? v <= 180 : v >= 730) > 0.5 ? null : "does not hold";
        }

        if (term is "shorter tenure" or "longer tenure")
        {
            spoken.Add(3);
            return Relative(data, members, 3, high: term == "longer tenure") ? null : "does not hold";
        }

        Match numeric = NumericPattern().Match(term);
        if (numeric.Success)
        {
            int column = ColumnOf(numeric.Groups[2].Value);
            spoken.Add(column);
            return column >= 0 && Relative(data, members, column, numeric.Groups[1].Value == "high") ? null : "does not hold";
        }

        bool mostly = term.StartsWith("mostly ", StringComparison.Ordinal);
        string level = mostly ? term["mostly ".Length..] : term;
        if (level is "has b" or "no b")
        {
            spoken.Add(4);
            bool has = level == "has b";
            double share = Share(data, members, 4, v => v == 1);
            double smd = Smd(data, members, 4);
            bool holds = has
                ? smd >= 0.5 - Tolerance && (mostly ? share > 0.5 : share >= 0.9)
                : smd <= -0.5 + Tolerance && (mostly ? share < 0.5 : share <= 0.1);
            return holds ? null : $"does not hold (share {share:0.00}, smd {smd:0.00})";
        }

        int levelColumn = ColumnOf(level);
        if (levelColumn >= 5)
        {
            spoken.Add(levelColumn);
            double share = Share(data, members, levelColumn, v => v == 1);
            return Smd(data, members, levelColumn) >= 0.5 - Tolerance && (mostly ? share > 0.5 : share >= 0.9) ? null : $"does not hold (share {share:0.00})";
        }

        return "is not a word the namer may use for these columns";
    }

    /// <summary>"f0", "tenure days", "has b", "x cat" back to the column.</summary>
    private static int ColumnOf(string words) => words switch
    {
        "f0" => 0,
        "g0" => 1,
        "f1" => 2,
        "tenure days" => 3,
        "has b" => 4,
        _ => Array.FindIndex(Levels, l => words == $"{l} cat") is int l and >= 0 ? 5 + l : -1,
    };

    /// <summary>High: the standardized mean difference is at least 0.5 and most members are above the population median (low: mirrored).</summary>
    private static bool Relative(double[][] data, int[] members, int column, bool high)
    {
        double median = Median([.. data.Select(r => r[column]).Where(v => !double.IsNaN(v))]);
        double smd = Smd(data, members, column);
        return high
            ? smd >= 0.5 - Tolerance && Share(data, members, column, v => v > median) > 0.5
            : smd <= -0.5 + Tolerance && Share(data, members, column, v => v < median) > 0.5;
    }

    private static double Smd(double[][] data, int[] members, int column)
    {
        double[] all = [.. data.Select(r => r[column]).Where(v => !double.IsNaN(v))];
        double mean = all.Average();
        double sd = Math.Sqrt(all.Select(v => (v - mean) * (v - mean)).Average());
        double segment = Mean(data, members, column);
        return sd > 0 && !double.IsNaN(segment) ? (segment - mean) / sd : 0;
    }

    private static double Mean(double[][] data, int[] members, int column)
    {
        double[] values = [.. members.Select(i => data[i][column]).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? double.NaN : values.Average();
    }

    private static double Share(double[][] data, int[] members, int column, Func<double, bool> side)
    {
        double[] values = [.. members.Select(i => data[i][column]).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? 0 : (double)values.Count(side) / values.Length;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private static double Correlation(double[][] data, int a, int b)
    {
        (double X, double Y)[] pairs = [.. data.Where(r => !double.IsNaN(r[a]) && !double.IsNaN(r[b])).Select(r => (r[a], r[b]))];
        double mx = pairs.Average(p => p.X), my = pairs.Average(p => p.Y);
        double sxy = pairs.Sum(p => (p.X - mx) * (p.Y - my)), sxx = pairs.Sum(p => (p.X - mx) * (p.X - mx)), syy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }

    private static int[] Members(int[] labels, int segment) => [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == segment)];

    /// <summary>Segments with their own shifts: f0 normal, g0 = 2 f0 + a little noise, f1 skewed and 5% missing, tenure, a yes/no and a 3-level category.</summary>
    private static (double[][] Data, int[] Labels) Generate(Random random, int rows, int k)
    {
        double[] shift0 = [.. Enumerable.Range(0, k).Select(_ => random.Next(3) == 0 ? 0 : Normal(random) * 2)];
        double[] shift1 = [.. Enumerable.Range(0, k).Select(_ => random.Next(3) == 0 ? 0 : Normal(random) * 3)];
        double[] tenure = [.. Enumerable.Range(0, k).Select(_ => new[] { 60.0, 400, 1_200 }[random.Next(3)])];
        double[] yes = [.. Enumerable.Range(0, k).Select(_ => new[] { 0.0, 0.05, 0.3, 0.6, 0.95, 1 }[random.Next(6)])];
        double[][] levelOdds = [.. Enumerable.Range(0, k).Select(_ => new[] { random.NextDouble(), random.NextDouble() * 0.5, random.NextDouble() * 0.2 })];
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(k))];
        double[][] data = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            int s = labels[i];
            double f0 = shift0[s] + Normal(random);
            double f1 = random.NextDouble() < 0.05 ? double.NaN : shift1[s] + (-Math.Log(1 - random.NextDouble()) * (1 + s));
            double pick = random.NextDouble() * levelOdds[s].Sum();
            int level = pick < levelOdds[s][0] ? 0 : pick < levelOdds[s][0] + levelOdds[s][1] ? 1 : 2;
            data[i] =
            [
                f0, (2 * f0) + (0.05 * Normal(random)), f1, Math.Max(0, tenure[s] + (Normal(random) * 200)),
                random.NextDouble() < yes[s] ? 1 : 0, level == 0 ? 1 : 0, level == 1 ? 1 : 0, level == 2 ? 1 : 0,
            ];
        }

        return (data, labels);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [GeneratedRegex(@" \(\d+\)$")]
    private static partial Regex SuffixPattern();

    [GeneratedRegex("^(high|low) (f0|g0|f1)$")]
    private static partial Regex NumericPattern();
}
