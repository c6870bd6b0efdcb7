using System.Globalization;
using Segmentation.Clustering.Selection;
using Segmentation.Data;

namespace Segmentation.Cli.Output;

/// <summary>The k-selection evidence: a CSV file and a short console table.</summary>
internal static class KSelectionTable
{
    public static void WriteCsv(OutputSet outputs, string path, KSelectionResult result) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine("k,silhouette,calinski_harabasz,davies_bouldin,inertia,elbow,stability,mean_rank,stable,recommended");
        foreach (KEvaluation e in result.Evaluations)
        {
            writer.WriteLine(string.Join(',',
                e.K.ToString(CultureInfo.InvariantCulture),
                Number(e.Silhouette),
                Number(e.CalinskiHarabasz),
                Number(e.DaviesBouldin),
                Number(e.Inertia),
                Number(e.Elbow),
                Number(e.Stability),
                Number(e.MeanRank),
                e.Stable ? "yes" : "no",
                e.K == result.RecommendedK ? "yes" : "no"));
        }
    });

    public static void Write(TextWriter output, KSelectionResult result)
    {
        output.WriteLine("   k  silhouette  calinski_harabasz  davies_bouldin  elbow  stability  mean_rank");
        foreach (KEvaluation e in result.Evaluations)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(e.K == result.RecommendedK ? "*" : " ")}{e.K,3}  {e.Silhouette,10:0.0000}  {e.CalinskiHarabasz,17:0.0}  {e.DaviesBouldin,14:0.0000}  {e.Elbow,5:0.00}  {e.Stability,9:0.00}  {e.MeanRank,9:0.00}"));
        }

        output.WriteLine($"Recommended: {result.Reason}");
        WriteStructureWarning(output, result);
    }

    /// <summary>
    /// The warning block for data without clear structure; <c>segment run</c> prints the evidence table right before the
    /// segment table, so the block sits right above the segments it warns about.
    /// </summary>
    public static void WriteStructureWarning(TextWriter output, KSelectionResult result)
    {
        if (result.NoClearStructureReason is not string reason)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("WARNING: NO CLEAR SEGMENT STRUCTURE");
        output.WriteLine($"  {char.ToUpperInvariant(reason[0])}{reason[1..]}");
    }

    private static string Number(double value) => double.IsFinite(value) ? CsvTable.FormatNumber(value) : string.Empty;
}
