namespace Segmentation.Reporting;

/// <summary>
/// Colour-blind-safe colours: Okabe and Ito's eight for the first segments, Paul Tol's muted scheme after them, grey for
/// outliers; a blue-white-orange diverging scale for deviations.
/// </summary>
internal static class ReportPalette
{
    private static readonly string[] Segments =
    [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
        "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
    ];

    /// <summary>The colour of outliers (segment id -1).</summary>
    public const string Outliers = "#9E9E9E";

    /// <summary>The colour of the n-th series of a chart that is not about segments (rates, capacity).</summary>
    public static string Series(int index) => Segments[index % Segments.Length];

    /// <summary>The colour of the segment at <paramref name="index"/> in the report, grey for outliers.</summary>
    public static string Segment(int index, int id) => id < 0 ? Outliers : Segments[index % Segments.Length];

    /// <summary>Low (blue) through white to high (orange), for z deviations.</summary>
    public static readonly string[] Diverging = ["#2166AC", "#92C5DE", "#F7F7F7", "#FDB863", "#B35806"];

    /// <summary>White to blue, for counts.</summary>
    public static readonly string[] Sequential = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"];
}
