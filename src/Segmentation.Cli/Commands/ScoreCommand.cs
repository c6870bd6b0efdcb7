using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.MLNet;
using Segmentation.Scoring;
using Segmentation.Scoring.Evaluation;
using Segmentation.Scoring.Health;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment score train</c> fits a churn or expansion model on past outcomes and prints its holdout evaluation;
/// <c>segment score apply</c> scores new customers with a saved model, optionally with the top three drivers.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context) => new("score", "Train churn or expansion scorers on past outcomes, and score customers with them.")
    {
        Train(context),
        Apply(context),
    };

    private static Command Train(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var target = new Option<string>("--target") { Description = "The outcome column (for example churned); it must hold exactly two values.", Required = true };
        var positive = new Option<string?>("--positive") { Description = "The value of --target that is the outcome (for example yes); optional for yes/no, true/false and 1/0 columns." };
        var modelType = new Option<string>("--model-type") { Description = "logistic (L2 logistic regression) or gbm (gradient-boosted trees, ML.NET LightGBM).", DefaultValueFactory = _ => "logistic" }
            .AcceptOnlyFromAmong("logistic", "gbm");
        Option<string?> idColumn = CommonOptions.IdColumn();
        var model = new Option<string>("--model") { Description = "Where to write the model (JSON; gbm writes an ML.NET zip beside it).", Required = true };
        var name = new Option<string?>("--name") { Description = "The scorer's name, for example churn or expansion (default: the target column)." };
        var holdout = new Option<double>("--holdout") { Description = "The share of rows held out for the printed evaluation (stratified).", DefaultValueFactory = _ => 0.3 };
        Option<int> seed = CommonOptions.Seed();
        var dateColumn = new Option<string?>("--date-column") { Description = "A yyyy-MM-dd column: evaluate on the latest --holdout share of rows by date, trained on the earlier ones (a time-based split), instead of a random stratified holdout." };
        var c = new Option<double?>("--c") { Description = "logistic: the inverse L2 strength C, as scikit-learn's (default 1)." };
        var classWeight = new Option<string?>("--class-weight") { Description = "logistic: none (default) or balanced (rare outcomes weigh as much as the rest)." }
            .AcceptOnlyFromAmong("none", "balanced");
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("train", "Train a scorer on past outcomes. Prints the evaluation on a stratified holdout, then fits on every row and saves the model.")
        {
            input, target, positive, modelType, idColumn, model, name, holdout, seed, dateColumn, c, classWeight, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            IScorerTrainer trainer = CreateTrainer(parse, parse.GetValue(modelType)!, c, classWeight);
            double holdoutShare = parse.GetValue(holdout);
            if (!(holdoutShare > 0 && holdoutShare < 1))
            {
                throw new CliUsageException($"--holdout must be between 0 and 1 (exclusive), but was {holdoutShare.ToString(CultureInfo.InvariantCulture)}.");
            }

            string inputPath = parse.GetValue(input)!;
            CsvTable table = CsvTable.Load(inputPath);
            TrainingTable data = TrainingTable.FromCsv(
                table,
                parse.GetValue(target)!,
                parse.GetValue(positive),
                CommonOptions.WithCellOptions(new TabularFeatureOptions { IdColumn = parse.GetValue(idColumn) }, parse, naValues, invalidNumbers));
            if (data.Columns is not null)
            {
                CommonOptions.WriteColumnNotes(context, data.Columns);
            }

            if (parse.GetValue(dateColumn) is string dateColumnName)
            {
                table.RequireColumn(dateColumnName, "--date-column");
            }

            ScoreEvaluation evaluation;
            try
            {
                evaluation = parse.GetValue(dateColumn) is string dates
                    ? Scorers.EvaluateByDate(trainer, data, table, dates, holdoutShare, context.CancellationToken)
                    : Scorers.EvaluateHoldout(trainer, data, holdoutShare, parse.GetValue(seed), context.CancellationToken);
            }
            catch (ArgumentException exception)
            {
                throw new DataFormatException(inputPath, 0, data.Definition.Target, $"the holdout evaluation is not possible: {exception.Message}");
            }

            ITrainedScorer scorer = trainer.Fit(data, parse.GetValue(name) ?? data.Definition.Target, context.CancellationToken);
            using (var outputs = new OutputSet())
            {
                outputs.WriteFile(parse.GetValue(model)!, scorer.Save);
                outputs.Commit();
            }

            OutcomeDefinition outcome = data.Definition;
            context.Out.WriteLine($"Trained {trainer.ModelType} for {outcome.Target} = {outcome.PositiveLabel} on {data.RowCount} rows x {data.Features.ColumnCount} features.");
            string how = parse.GetValue(dateColumn) is string date ? $"the latest rows by {date}, trained on the earlier ones" : $"{holdoutShare.ToString("P0", CultureInfo.InvariantCulture)} of rows, trained on the rest";
            context.Out.WriteLine($"Holdout evaluation ({how}):");
            context.Out.Write(evaluation.ToText());
            context.Out.WriteLine("Most important features (mean |contribution|, final model):");
            foreach (ScoreDriver driver in scorer.GlobalImportance.Take(5))
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {driver.Feature} {driver.Contribution:0.0000}"));
            }

            context.Out.WriteLine($"Model written to {parse.GetValue(model)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static IScorerTrainer CreateTrainer(ParseResult parse, string type, Option<double?> c, Option<string?> classWeight)
    {
        if (type == GradientBoostedTrainer.Type)
        {
            foreach (Option logisticOnly in new Option[] { c, classWeight })
            {
                if (parse.GetResult(logisticOnly) is { Implicit: false })
                {
                    throw new CliUsageException($"{logisticOnly.Name} applies to --model-type logistic, not gbm.");
                }
            }

            return new GradientBoostedTrainer();
        }

        var options = new LogisticRegressionOptions
        {
            C = parse.GetValue(c) ?? 1.0,
            BalanceClasses = parse.GetValue(classWeight) == "balanced",
        };
        if (!(options.C >= 1e-6 && options.C <= 1e9))
        {
            throw new CliUsageException($"--c must be between 1e-6 and 1e9, but was {options.C.ToString(CultureInfo.InvariantCulture)}.");
        }

        return Scorers.Logistic(options);
    }

    private static Command Apply(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A model written by 'segment score train' (or a health score JSON).", Required = true };
        Option<string> input = CommonOptions.Input(required: true);
        Option<string?> idColumn = CommonOptions.IdColumn();
        var explain = new Option<bool>("--explain") { Description = "Also write driver_1..driver_3: the strongest contributions, like 'number_customer_service_calls (+0.84)'." };
        var output = new Option<string>("--output") { Description = "Where to write scores.csv: <id>,score per input row, in input order.", Required = true };

        var command = new Command("apply", "Score customers with a saved model. The input needs the columns the model was trained on (the outcome column may be present or not).")
        {
            model, input, idColumn, explain, output,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            CsvTable table = CsvTable.Load(parse.GetValue(input)!);
            string? id = parse.GetValue(idColumn);
            IReadOnlyList<RiskScore> scores;
            try
            {
                scores = ApplyModel(context, modelPath, table, id);
            }
            catch (Exception exception) when (exception is InvalidDataException || exception.InnerException is InvalidDataException)
            {
                // A truncated or damaged ML.NET zip beside a gbm manifest.
                throw new DataFormatException(modelPath, 0, null, "the model (or the .zip beside it) is damaged or truncated; copy it again or train it again with 'segment score train'.");
            }

            using (var outputs = new OutputSet())
            {
                outputs.WriteText(parse.GetValue(output)!, writer => WriteScores(writer, table, id, scores, parse.GetValue(explain)));
                outputs.Commit();
            }

            context.Out.WriteLine($"Scored {scores.Count} rows with {modelPath}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<RiskScore> ApplyModel(CliContext context, string modelPath, CsvTable table, string? id) => Scorers.ReadModelType(modelPath) switch
    {
        Scorers.LogisticType => Scorers.Score((ITrainedScorer)Scorers.Load(modelPath), table, id, context.CancellationToken),
        GradientBoostedTrainer.Type => Scorers.Score(GradientBoostedScorer.Load(modelPath), table, id, context.CancellationToken),
        Scorers.HealthType => Scorers.Load(modelPath).Score(
            TabularFeatures.FromTable(table, new TabularFeatureOptions { IdColumn = id }).Features, context.CancellationToken),
        string other => throw new DataFormatException(modelPath, 0, null, $"its modelType '{other}' is not one this tool can apply (logistic, gbm, health)."),
    };

    private static void WriteScores(TextWriter writer, CsvTable table, string? idColumn, IReadOnlyList<RiskScore> scores, bool explain)
    {
        string header = $"{CsvTable.Quote(idColumn ?? "row")},score";
        writer.WriteLine(explain ? header + ",driver_1,driver_2,driver_3" : header);
        int idIndex = idColumn is null ? -1 : table.IndexOf(idColumn);
        for (int i = 0; i < scores.Count; i++)
        {
            string id = idIndex < 0 ? (i + 1).ToString(CultureInfo.InvariantCulture) : table.Cell(i, idIndex).Trim();
            string line = $"{CsvTable.Quote(id)},{CsvTable.FormatNumber(scores[i].Value)}";
            if (explain)
            {
                IEnumerable<string> drivers = Enumerable.Range(0, 3).Select(k => k < scores[i].Drivers.Count ? CsvTable.Quote(FormatDriver(scores[i].Drivers[k])) : string.Empty);
                line += "," + string.Join(',', drivers);
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>A driver as <c>feature (+0.84)</c>: the signed contribution with two decimals.</summary>
    internal static string FormatDriver(ScoreDriver driver) =>
        string.Create(CultureInfo.InvariantCulture, $"{driver.Feature} ({driver.Contribution:+0.00;-0.00;+0.00})");
}
