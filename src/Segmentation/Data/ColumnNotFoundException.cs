namespace Segmentation.Data;

/// <summary>A column named by the caller (an option such as <c>--id-column</c>) is not in the input's header.</summary>
public sealed class ColumnNotFoundException : ArgumentException
{
    /// <summary>Creates the exception; the message lists the columns that do exist.</summary>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="column">The column that was asked for.</param>
    /// <param name="option">The option or parameter that named it.</param>
    /// <param name="available">The columns of the input.</param>
    public ColumnNotFoundException(string source, string column, string option, IEnumerable<string> available)
        : base($"{option} names the column '{column}', which is not in {source}; the columns are: {string.Join(", ", available)}.")
    {
        Column = column;
        Option = option;
    }

    /// <summary>The column that was asked for.</summary>
    public string Column { get; }

    /// <summary>The option or parameter that named it.</summary>
    public string Option { get; }
}
