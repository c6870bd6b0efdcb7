namespace Segmentation.Rules.Language;

/// <summary>Closest-name suggestions for typos in feature and function names (case-insensitive Levenshtein distance).</summary>
internal static class NameSuggestions
{
    /// <summary>Up to <paramref name="count"/> known names within a distance that is plausible for a typo, closest first.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> known, int count = 3)
    {
        int limit = Math.Max(2, name.Length / 2);
        return [.. known.Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(x => x.Distance <= limit
                || x.Name.Contains(name, StringComparison.OrdinalIgnoreCase)
                || (x.Name.Length >= 3 && name.Contains(x.Name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)];
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
