using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering.Quality;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment evaluate</c>: the quality of a given segmentation (silhouette, Calinski-Harabasz, Davies-Bouldin, with
/// scikit-learn's definitions) written to metrics.json.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly string[] LabelColumns = ["label", "segment_id", "segment", "cluster"];

    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var labels = new Option<string>("--labels") { Description = "CSV with one label per input row, in the same order (a 'label' or 'segment_id' column, as 'segment cluster' and 'segment run' write; -1 = noise, left out).", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "Where to write the metrics (JSON).", Required = true };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated feature columns (default: every usable column but the id column)." };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var scale = new Option<string>("--scale")
        {
            Description = "How columns are scaled before measuring (default none: the numbers as given, as scikit-learn would see them). Missing cells take the column median.",
            DefaultValueFactory = _ => "none",
        }.AcceptOnlyFromAmong("standard", "robust", "minmax", "none");

        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("evaluate", "Measure a segmentation: silhouette, Calinski-Harabasz and Davies-Bouldin (scikit-learn's definitions) into a metrics JSON file.")
        {
            input, labels, metrics, columns, idColumn, scale, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            var reading = CommonOptions.WithCellOptions(new TabularFeatureOptions(), parse, naValues, invalidNumbers);
            FeatureMatrix raw = SelectKCommand.LoadFeatures(context, parse.GetValue(input)!, CommonOptions.ParseColumns(parse.GetValue(columns)), parse.GetValue(idColumn), reading);
            int[] labelValues = ReadLabels(parse.GetValue(labels)!, raw.RowCount);
            FeatureMatrix data = PreprocessingModel.Fit(raw, new PreprocessingOptions { Scaling = CommonOptions.ParseScale(parse.GetValue(scale)!) }).Transform(raw);

            var stopwatch = Stopwatch.StartNew();
            double silhouette = ClusterQuality.Silhouette(data, labelValues, cancellationToken: context.CancellationToken);
            double calinski = ClusterQuality.CalinskiHarabasz(data, labelValues);
            double davies = ClusterQuality.DaviesBouldin(data, labelValues);
            double seconds = stopwatch.Elapsed.TotalSeconds;

            string path = parse.GetValue(metrics)!;
            using var outputs = new OutputSet();
            outputs.WriteJson(path, json =>
            {
                json.WriteStartObject();
                OutputFiles.WriteNumber(json, "silhouette", silhouette);
                OutputFiles.WriteNumber(json, "calinski_harabasz", calinski);
                OutputFiles.WriteNumber(json, "davies_bouldin", davies);
                json.WriteNumber("seconds", seconds);
                json.WriteNumber("rows", data.RowCount);
                json.WriteNumber("features", data.ColumnCount);
                json.WriteNumber("clusters", labelValues.Where(l => l >= 0).Distinct().Count());
                json.WriteNumber("noise", labelValues.Count(l => l < 0));
                json.WriteEndObject();
            });
            outputs.Commit();
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silhouette {silhouette:0.####}, Calinski-Harabasz {calinski:0.##}, Davies-Bouldin {davies:0.####} ({seconds:0.###} s). Wrote {path}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static int[] ReadLabels(string path, int expectedRows)
    {
        CsvTable table = CsvTable.Load(path);
        int column = LabelColumns.Select(table.IndexOf).FirstOrDefault(i => i >= 0, table.Header.Count == 1 ? 0 : -1);
        if (column < 0)
        {
            throw new DataFormatException(path, 1, null, $"no label column; name it one of {string.Join(", ", LabelColumns)} (the columns are: {string.Join(", ", table.Header)}).");
        }

        if (table.RowCount != expectedRows)
        {
            throw new DataFormatException(path, table.RowCount + 1, table.Header[column], $"the file has {table.RowCount} labels but the input has {expectedRows} rows; give one label per input row, in the same order.");
        }

        var result = new int[table.RowCount];
        for (int i = 0; i < result.Length; i++)
        {
            string cell = table.Cell(i, column).Trim();
            if (!int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i]) || result[i] < -1)
            {
                throw new DataFormatException(path, table.LineOf(i), table.Header[column], $"the label '{CsvTable.Excerpt(cell)}' is not a whole number of at least -1 (-1 = noise).");
            }
        }

        return result;
    }
}
