using System.Globalization;
using Segmentation.Clustering.Selection;
using Segmentation.Pipeline;
using Segmentation.Profiling;

namespace Segmentation.Cli.Output;

/// <summary>Writes what <c>segment run</c> produces: assignments.csv, segments.json and report.md.</summary>
internal static class RunOutputs
{
    public static void Write(OutputSet outputs, string directory, string idColumn, SegmentationRun run)
    {
        outputs.WriteText(Path.Combine(directory, "assignments.csv"), writer =>
        {
            // Rule dimensions (segment run --config) follow 'segment', one column each, in the rule set's order.
            string dimensions = string.Concat(run.RuleDimensions.Select(d => "," + OutputFiles.Field(d)));
            writer.WriteLine($"{OutputFiles.Field(idColumn)},segment_id,segment{dimensions}");
            foreach (SegmentAssignment a in run.Assignments)
            {
                string rules = string.Concat(a.RuleSegments.Select(s => "," + OutputFiles.Field(s)));
                writer.WriteLine($"{OutputFiles.Field(a.CustomerId)},{a.SegmentId.ToString(CultureInfo.InvariantCulture)},{OutputFiles.Field(a.Segment)}{rules}");
            }
        });

        outputs.WriteJson(Path.Combine(directory, "segments.json"), json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("segments");
            foreach (SegmentProfile segment in run.Segments)
            {
                json.WriteStartObject();
                json.WriteNumber("id", segment.Id);
                json.WriteString("name", segment.Name);
                json.WriteNumber("size", segment.Size);
                json.WriteNumber("share", segment.Share);
                if (segment.OutcomeRate is double rate)
                {
                    OutputFiles.WriteNumber(json, "outcome_rate", rate);
                }

                if (segment.ValueFeature is string valueFeature)
                {
                    json.WriteString("value_feature", valueFeature);
                    OutputFiles.WriteNumber(json, "average_value", segment.AverageValue ?? double.NaN);
                }

                if (segment.Engagement is EngagementModel engagement)
                {
                    json.WriteString("engagement_model", SegmentTable.Words(engagement));
                }

                json.WriteString("signature", segment.Signature);
                json.WriteStartArray("defining_features");
                foreach (FeatureSummary defining in segment.DefiningFeatures)
                {
                    json.WriteStringValue(defining.Feature);
                }

                json.WriteEndArray();

                json.WriteStartObject("features");
                foreach (FeatureSummary feature in segment.Features)
                {
                    json.WriteStartObject(feature.Feature);
                    OutputFiles.WriteNumber(json, "mean", feature.Mean);
                    OutputFiles.WriteNumber(json, "median", feature.Median);
                    OutputFiles.WriteNumber(json, "deviation", feature.Deviation);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // "--k auto" only: whether the chosen segments passed the stability bar (see KSelectionResult.NoClearStructure).
            if (run.Model.Clusters is SelectedKModel selected)
            {
                json.WriteStartObject("structure");
                json.WriteBoolean("clear", !selected.Selection.NoClearStructure);
                json.WriteString("reason", selected.Selection.NoClearStructureReason ?? selected.Selection.Reason);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });

        outputs.WriteText(Path.Combine(directory, "report.md"), report => SegmentTable.WriteMarkdown(report, run.Segments));
    }
}
