using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests;

/// <summary><c>segment run --input --events --outcomes</c>: churn and expansion scorers trained in the run on a user's data.</summary>
public sealed class InRunScorersCommandTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>
    /// A small hand-made history: 160 customers with weekly logins since January; 50 churn (their logins fall to a
    /// fifth over the 60 days before, then stop), 40 others expand (their logins rise by half before), and the last ten
    /// decline like the churners but are still customers. Churn and
    /// expansion dates are spread so that both 90-day windows before 2026-10-31 hold enough of each.
    /// </summary>
    private (string Customers, string Usage, string Outcomes) History(string extraOutcomes = "")
    {
        var random = new Random(11);
        var customers = new StringBuilder("customer_id,arr,seats\n");
        var usage = new StringBuilder("customer_id,date,metric,value\n");
        var outcomes = new StringBuilder("customer_id,date,outcome\n");
        DateOnly start = new(2026, 1, 5);
        for (int i = 0; i < 160; i++)
        {
            string id = "c" + i.ToString("D3", CultureInfo.InvariantCulture);
            int arr = 5000 + (1000 * random.Next(0, 120));
            customers.Append(CultureInfo.InvariantCulture, $"{id},{arr},{random.Next(3, 60)}\n");
            double level = 10 + (40 * random.NextDouble());
            DateOnly? churn = i < 50 ? AsOf.AddDays(-5 - (i * 5) - random.Next(0, 4)) : null;
            // The last ten decline like the churners did, but have not churned yet: today's risk.
            DateOnly? decline = i >= 150 ? AsOf : null;
            DateOnly? expansion = i is >= 50 and < 90 ? AsOf.AddDays(-5 - ((i - 50) * 6) - random.Next(0, 4)) : null;
            for (DateOnly day = start; day <= AsOf && (churn is null || day <= churn); day = day.AddDays(7))
            {
                double factor = 1;
                if ((churn ?? decline) is DateOnly c && c.DayNumber - day.DayNumber < 60)
                {
                    factor = 0.2 + (0.8 * (c.DayNumber - day.DayNumber) / 60.0);
                }
                else if (expansion is DateOnly e && e.DayNumber - day.DayNumber is >= 0 and < 60)
                {
                    factor = 1.5 - (0.5 * (e.DayNumber - day.DayNumber) / 60.0);
                }

                double value = Math.Round(level * factor * (0.9 + (0.2 * random.NextDouble())), 1);
                usage.Append(CultureInfo.InvariantCulture, $"{id},{day:yyyy-MM-dd},logins,{value}\n");
            }

            if (churn is DateOnly churned)
            {
                outcomes.Append(CultureInfo.InvariantCulture, $"{id},{churned:yyyy-MM-dd},churned\n");
            }

            if (expansion is DateOnly expanded)
            {
                outcomes.Append(CultureInfo.InvariantCulture, $"{id},{expanded:yyyy-MM-dd},expanded\n");
            }
        }

        outcomes.Append(extraOutcomes);
        return (_cli.Write("customers.csv", customers.ToString()), _cli.Write("usage.csv", usage.ToString()), _cli.Write("outcomes.csv", outcomes.ToString()));
    }

    private CliResult Run(string customers, string usage, string outcomes, params string[] more)
        => _cli.Run(["run", "--input", customers, "--id-column", "customer_id", "--events", usage, "--outcomes", outcomes, "--as-of", "2026-10-31", "--no-store", "--k", "3", "--out", _cli.PathOf("out"), .. more]);

    [Fact]
    public void Run_InitConfigAndOutcomes_TrainsBothScorersAndRanksByChurnTimesArr()
    {
        (string customers, string usage, string outcomes) = History();
        string config = _cli.PathOf("segmentation.json");
        CliResult init = _cli.Run("init", "--input", customers, "--events", usage, "--outcomes", outcomes, "--output", config);
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.Contains("\"outcomeEvents\": \"outcomes.csv\"", File.ReadAllText(config), StringComparison.Ordinal);

        CliResult run = _cli.Run("run", "--input", customers, "--events", usage, "--config", config, "--as-of", "2026-10-31", "--no-store", "--k", "3", "--out", _cli.PathOf("out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("Scorers trained in this run on outcomes up to 2026-10-31", run.Out, StringComparison.Ordinal);
        Assert.Contains("churn 0.", run.Out, StringComparison.Ordinal);
        Assert.Contains("expansion", run.Out, StringComparison.Ordinal);
        // The customers who churned before today teach the scorers but are not on today's lists.
        Assert.Contains("50 customers of the input churned on or before 2026-10-31", run.Out, StringComparison.Ordinal);
        string[] assignments = File.ReadAllLines(_cli.PathOf(Path.Combine("out", "assignments.csv")));
        Assert.Equal(111, assignments.Length);
        Assert.DoesNotContain(assignments, l => l.StartsWith("c000,", StringComparison.Ordinal));
        Assert.Contains("churn_risk", assignments[0], StringComparison.Ordinal);
        Assert.True(File.Exists(_cli.PathOf(Path.Combine("out", "worklist.csv"))));
    }

    [Fact]
    public void Run_OutcomesWithoutConfig_PrintsWhatWasReadAndTrainsChurn()
    {
        (string customers, string usage, string outcomes) = History("c120,2026-11-15,churned\nzz1,2026-03-01,churned\nzz2,2026-04-01,expanded\n");

        CliResult run = Run(customers, usage, outcomes);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("outcomes.csv: 50 churn and 40 expansion events up to 2026-10-31, 1 dated after 2026-10-31 ignored, 2 of 2 customers not in the input ignored ('zz1', 'zz2'; check the id column).", run.Out, StringComparison.Ordinal);
        Assert.Contains("Scorers trained in this run", run.Out, StringComparison.Ordinal);
        // Without a configuration the score bands alone start the actions.
        string[] worklist = File.ReadAllLines(_cli.PathOf(Path.Combine("out", "worklist.csv")));
        Assert.Contains("Executive business review", worklist[1], StringComparison.Ordinal);
        Assert.StartsWith("1,c15", worklist[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OutcomeWithThirdValue_ExitsWithInputErrorNamingLineAndColumn()
    {
        (string customers, string usage, string outcomes) = History("c120,2026-06-01,downgraded\n");

        CliResult run = Run(customers, usage, outcomes);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("outcomes.csv, line 92, column 'outcome': 'downgraded' is not an outcome; write churned or expanded", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf(Path.Combine("out", "worklist.csv"))));
    }

    [Fact]
    public void Run_TooFewOutcomes_ExitsWithInputErrorSayingHowManyAreNeeded()
    {
        (string customers, string usage, _) = History();
        string outcomes = _cli.Write("few.csv", "customer_id,date,outcome\nc001,2026-10-01,churned\nc002,2026-09-01,churned\n");

        CliResult run = Run(customers, usage, outcomes);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("few.csv: cannot train the churn scorer: only 2 customers had a churn event between 2026-08-03 and 2026-10-31 (at least 10 are needed)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf(Path.Combine("out", "assignments.csv"))));
    }

    [Fact]
    public void Run_OutcomesWithoutIdColumn_ExitsWithUsageError()
    {
        (string customers, string usage, string outcomes) = History();

        CliResult run = _cli.Run("run", "--input", customers, "--outcomes", outcomes, "--no-store", "--k", "3", "--out", _cli.PathOf("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs --id-column", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OutcomesOnTheEmbeddedSample_ExitsWithUsageError()
    {
        (_, _, string outcomes) = History();

        CliResult run = _cli.Run("run", "--outcomes", outcomes, "--no-store", "--out", _cli.PathOf("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--outcomes apply to --input", run.Error, StringComparison.Ordinal);
    }
}
