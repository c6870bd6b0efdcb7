namespace Segmentation.Tests.Features.History;

// A host's own records, as ActivityHistory.FromUsage/FromTickets/FromTransactions read them through a selector.
internal readonly record struct UsageEvent(string CustomerId, DateTime Timestamp, string Metric, double Value)
{
    public static (string, DateTime, string, double) Select(UsageEvent e) => (e.CustomerId, e.Timestamp, e.Metric, e.Value);
}

internal readonly record struct SupportTicket(string CustomerId, DateTime OpenedAt)
{
    public static (string, DateTime) Select(SupportTicket t) => (t.CustomerId, t.OpenedAt);
}

internal readonly record struct Transaction(string CustomerId, DateTime Timestamp, double Amount)
{
    public static (string, DateTime, double) Select(Transaction t) => (t.CustomerId, t.Timestamp, t.Amount);
}
