using Segmentation.Pipeline;

namespace Segmentation.Cli.Output;

/// <summary>Writes what <c>segment run</c> produces (assignments.csv, segments.json, report.md, and after a daily step worklist.csv and worklist-overflow.csv) with the library's writers (<see cref="SegmentationRun.WriteAssignments"/> and its siblings).</summary>
internal static class RunOutputs
{
    public static void Write(OutputSet outputs, string directory, string idColumn, SegmentationRun run, IProgress<PipelineStepProgress>? progress = null)
    {
        outputs.WriteText(Path.Combine(directory, "assignments.csv"), writer => run.WriteAssignments(writer, idColumn, progress));
        outputs.WriteJson(Path.Combine(directory, "segments.json"), json => run.WriteSegments(json));
        outputs.WriteText(Path.Combine(directory, "report.md"), report =>
        {
            SegmentTable.WriteMarkdown(report, run.Segments);
            if (run.Model.Clusters is Segmentation.Clustering.Selection.SelectedKModel { NoClearStructure: true } selected)
            {
                // The warning the terminal shows above the table belongs in the report people read too.
                report.WriteLine();
                report.WriteLine($"> **Warning: no clear segment structure.** {selected.NoClearStructureReason}");
            }
        });
        if (run.Worklist is not null)
        {
            outputs.WriteText(Path.Combine(directory, WorklistFile), writer => run.WriteWorklist(writer, progress));
            outputs.WriteText(Path.Combine(directory, OverflowFile), writer => run.WriteWorklistOverflow(writer, progress));
        }
    }

    /// <summary>The ranked worklist.</summary>
    public const string WorklistFile = "worklist.csv";

    /// <summary>The rows over capacity.</summary>
    public const string OverflowFile = "worklist-overflow.csv";
}
