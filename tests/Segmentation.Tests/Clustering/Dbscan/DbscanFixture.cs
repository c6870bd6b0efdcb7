using System.Globalization;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;

namespace Segmentation.Tests.Clustering.Dbscan;

/// <summary>One scikit-learn reference result written by Fixtures/make_fixtures.py.</summary>
public sealed record DbscanFixture(string Name, double Eps, int MinPoints, DbscanMetric Metric, FeatureMatrix Data, double[]? Weights, int[] Labels, bool[] Core)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Clustering", "Dbscan", "Fixtures");

    public static IEnumerable<string> Names() =>
        File.ReadAllLines(Path.Combine(Folder, "manifest.csv")).Skip(1).Select(l => l.Split(',')[0]);

    public static DbscanFixture Load(string name)
    {
        string[] meta = File.ReadAllLines(Path.Combine(Folder, "manifest.csv")).Skip(1).Select(l => l.Split(',')).Single(f => f[0] == name);
        bool weighted = meta[4] == "1";
        string[] lines = File.ReadAllLines(Path.Combine(Folder, name + ".csv"));
        int d = lines[0].Split(',').Length - 2 - (weighted ? 1 : 0);
        var rows = new List<double[]>();
        var weights = new List<double>();
        var labels = new List<int>();
        var core = new List<bool>();
        foreach (string line in lines.Skip(1))
        {
            double[] cells = [.. line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture))];
            rows.Add(cells[..d]);
            if (weighted)
            {
                weights.Add(cells[d]);
            }

            labels.Add((int)cells[^2]);
            core.Add(cells[^1] == 1);
        }

        DbscanMetric metric = meta[3] switch
        {
            "manhattan" => DbscanMetric.Manhattan,
            "cosine" => DbscanMetric.Cosine,
            _ => DbscanMetric.Euclidean,
        };
        return new DbscanFixture(name, double.Parse(meta[1], CultureInfo.InvariantCulture), int.Parse(meta[2], CultureInfo.InvariantCulture), metric,
            FeatureMatrix.FromRows(rows), weighted ? [.. weights] : null, [.. labels], [.. core]);
    }

    /// <summary>The distance the fixture's metric defines, computed independently of the library.</summary>
    public double Distance(int a, int b)
    {
        ReadOnlySpan<double> x = Data.Row(a);
        ReadOnlySpan<double> y = Data.Row(b);
        double sum = 0;
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int j = 0; j < x.Length; j++)
        {
            sum += Metric == DbscanMetric.Manhattan ? Math.Abs(x[j] - y[j]) : (x[j] - y[j]) * (x[j] - y[j]);
            dot += x[j] * y[j];
            nx += x[j] * x[j];
            ny += y[j] * y[j];
        }

        return Metric switch
        {
            DbscanMetric.Manhattan => sum,
            DbscanMetric.Cosine => 1 - (dot / Math.Sqrt(nx * ny)),
            _ => Math.Sqrt(sum),
        };
    }
}
