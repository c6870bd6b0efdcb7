namespace Segmentation.Data;

/// <summary>What a reader does with a cell of a numeric column that is neither a number nor missing (<c>six</c>, <c>1,5</c>, <c>$1,200</c>, <c>Infinity</c>).</summary>
/// <remarks>
/// Internal (issue #22): a host sets <c>TabularFeatureOptions.InvalidNumbersAsMissing</c> (or the parameter of
/// <see cref="CsvTable.LoadFeaturesWithReport"/>); the enum stays as the value model files store.
/// </remarks>
internal enum InvalidNumberHandling
{
    /// <summary>Refuse the file, naming the first such cell's line, column and value (the default).</summary>
    Error,

    /// <summary>Read such cells as missing and count them per column in the column report.</summary>
    Missing,
}
