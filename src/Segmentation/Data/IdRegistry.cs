namespace Segmentation.Data;

/// <summary>
/// Checks row ids as they are read: non-empty and unique, naming the line of the first occurrence on a repeat.
/// One place for the rule that every reader of ids (tables, streamed features, snapshots) applies.
/// </summary>
internal sealed class IdRegistry
{
    private readonly Dictionary<string, int> _lineById;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="capacity">The number of ids expected, when known: the table is sized once instead of grown (and rehashed) as ids come.</param>
    public IdRegistry(int capacity = 0) => _lineById = new Dictionary<string, int>(capacity, StringComparer.Ordinal);

    /// <summary>The trimmed id of the cell at <paramref name="line"/>.</summary>
    /// <exception cref="DataFormatException">The id is empty or already appeared.</exception>
    public string Add(string cell, string source, int line, string column) => Add(cell.AsSpan(), source, line, column);

    /// <summary>The trimmed id of the cell at <paramref name="line"/>, as <see cref="Add(string, string, int, string)"/>.</summary>
    public string Add(ReadOnlySpan<char> cell, string source, int line, string column)
    {
        string id = cell.Trim().ToString();
        if (id.Length == 0)
        {
            throw new DataFormatException(source, line, column, "the id is empty; every row needs an id.");
        }

        if (!_lineById.TryAdd(id, line))
        {
            throw new DataFormatException(source, line, column, $"the id '{CsvValues.Excerpt(id)}' already appeared on line {_lineById[id]}; ids must be unique.");
        }

        return id;
    }
}
