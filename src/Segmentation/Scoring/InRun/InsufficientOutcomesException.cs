namespace Segmentation.Scoring.InRun;

/// <summary>
/// Too few customers had the outcome (or too few did not) in the window a scorer would be trained on, so no model
/// is trained rather than a meaningless one.
/// </summary>
/// <remarks>The message names the outcome, the window, the count found and the count needed, and how to fix it.</remarks>
internal sealed class InsufficientOutcomesException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="outcome">The outcome, for example <c>churn</c>.</param>
    /// <param name="windowStart">The first day of the outcome window.</param>
    /// <param name="windowEnd">The last day of the outcome window.</param>
    /// <param name="positives">Customers with the outcome in the window.</param>
    /// <param name="negatives">Customers without it.</param>
    /// <param name="required">The fewest of each that training needs.</param>
    public InsufficientOutcomesException(string outcome, DateOnly windowStart, DateOnly windowEnd, int positives, int negatives, int required)
        : base(Format(outcome, windowStart, windowEnd, positives, negatives, required))
    {
        Outcome = outcome;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        Positives = positives;
        Negatives = negatives;
        Required = required;
    }

    /// <summary>The outcome, for example <c>churn</c>.</summary>
    public string Outcome { get; }

    /// <summary>The first day of the outcome window.</summary>
    public DateOnly WindowStart { get; }

    /// <summary>The last day of the outcome window.</summary>
    public DateOnly WindowEnd { get; }

    /// <summary>Customers with the outcome in the window.</summary>
    public int Positives { get; }

    /// <summary>Customers without the outcome in the window.</summary>
    public int Negatives { get; }

    /// <summary>The fewest positives (and negatives) that training needs.</summary>
    public int Required { get; }

    private static string Format(string outcome, DateOnly start, DateOnly end, int positives, int negatives, int required)
    {
        string window = $"between {start:yyyy-MM-dd} and {end:yyyy-MM-dd}";
        return positives < required
            ? $"Cannot train the {outcome} scorer: only {Customers(positives)} had a {outcome} event {window} (at least {required} are needed); give outcome history that covers more {outcome} events before the as-of date, lengthen the outcome window, or use a stored model or a health score instead."
            : $"Cannot train the {outcome} scorer: only {Customers(negatives)} had no {outcome} event {window} (at least {required} are needed); check the outcome history, or use a stored model or a health score instead.";

        static string Customers(int n) => n == 1 ? "1 customer" : $"{n} customers";
    }
}
