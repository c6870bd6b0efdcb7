using Segmentation.Data;
using Segmentation.Features.History;

namespace Segmentation.Configuration;

public sealed partial class SegmentationConfig
{
    /// <summary>
    /// Guesses a starter configuration from a customers CSV (what <c>segment init</c> writes): the id, value (ARR),
    /// tenure, renewal, usage, tickets, satisfaction and outcome columns by name and type, the built-in rule dimensions
    /// whose features exist, and the built-in playbooks when the rules they read are there. What was switched on or
    /// left out and why is in the configuration's <see cref="Notes"/>.
    /// </summary>
    /// <param name="customers">The customers CSV.</param>
    /// <param name="idColumn">The id column when known; guessed otherwise (a column named like <c>*id</c> with unique values).</param>
    /// <param name="usage">The usage history of the events file, when one is given (its trends become features).</param>
    /// <param name="eventsPath">The events file, written into <c>columns.events.path</c>.</param>
    /// <param name="eventsIdColumn">The id column of the events file, when not the usual one.</param>
    /// <returns>
    /// The configuration, valid for the data it was guessed from; the columns placed in a role, in file order (the role
    /// is <c>id</c>, <c>outcome</c>, <c>value</c>, <c>tenure</c>, <c>renewal</c>, <c>usage</c>, <c>tickets</c> or
    /// <c>satisfaction</c>); and the columns not placed, in file order, with what happens to each and how to place it by hand.
    /// </returns>
    /// <exception cref="DataFormatException"><paramref name="idColumn"/> is not a column, or the table has no rows, no usable column, or repeated or empty ids.</exception>
    public static (SegmentationConfig Config, IReadOnlyList<(string Column, string Role)> Placed, IReadOnlyList<(string Column, string Reason)> Unplaced) Starter(
        CsvTable customers, string? idColumn = null, ActivityHistory? usage = null, string? eventsPath = null, string? eventsIdColumn = null)
    {
        StarterConfig starter = StarterConfig.Guess(customers, idColumn, usage, eventsPath, eventsIdColumn);
        return (starter.Config, starter.Placed, starter.Unplaced);
    }

    /// <summary>
    /// Adds <c>in-run</c> scorers reading the outcomes file <paramref name="outcomesFile"/> to a starter configuration
    /// (from <see cref="Starter"/>): <c>churn</c> when the file has churn events, <c>expansion</c> when it has expansion
    /// events (what <c>segment init --outcomes</c> writes), and a note saying what was added. The file's customers are
    /// matched on the configuration's id column.
    /// </summary>
    /// <param name="outcomesFile">The outcomes file to read (customer id, date, outcome: churned or expanded).</param>
    /// <param name="outcomesPath">The outcomes file as the configuration should name it (relative to the configuration's folder, or absolute).</param>
    /// <exception cref="DataFormatException">The file cannot be read as dated outcome events.</exception>
    public void AddOutcomeScorers(string outcomesFile, string outcomesPath)
        => StarterConfig.WithOutcomes(new StarterConfig(this, [], [], []), outcomesFile, outcomesPath);
}
