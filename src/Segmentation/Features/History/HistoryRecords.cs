namespace Segmentation.Features.History;

/// <summary>One product-usage measurement: <paramref name="Value"/> units of <paramref name="Metric"/> (logins, API calls, reports run...).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Timestamp">When it happened (its calendar day is what counts).</param>
/// <param name="Metric">What was measured; distinct metrics used are the feature-adoption breadth.</param>
/// <param name="Value">How much (1 for a single event).</param>
public readonly record struct UsageEvent(string CustomerId, DateTime Timestamp, string Metric, double Value);

/// <summary>A support ticket, counted on the day it was opened.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Priority">Optional priority or severity (not used by the built-in features).</param>
public readonly record struct SupportTicket(string CustomerId, DateTime OpenedAt, string? Priority = null);

/// <summary>A purchase or payment, for recency, frequency and monetary (RFM) features.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Amount">How much was spent.</param>
public readonly record struct Transaction(string CustomerId, DateTime Timestamp, double Amount);
