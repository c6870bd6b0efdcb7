using Segmentation.Cli.Commands;
using Segmentation.Pipeline;

namespace Segmentation.Cli.Tests;

public class StepTimingsTests
{
    [Fact]
    public void Report_FinishedStep_WritesItsNameAndWholeMillisecondsOnOneLine()
    {
        using var error = new StringWriter();

        new StepTimings(error).Report(new PipelineStepProgress("scoring", 0, 0, string.Empty, TimeSpan.FromMilliseconds(1234.6)));

        Assert.Equal($"timing: scoring 1235 ms{Environment.NewLine}", error.ToString());
    }
}
