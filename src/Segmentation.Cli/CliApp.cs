using System.CommandLine;
using Segmentation.Cli.Commands;
using Segmentation.Data;

namespace Segmentation.Cli;

/// <summary>The exit codes of the <c>segment</c> tool (see ARCHITECTURE.md, "The segment command-line contract").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int InputData = 3;
}

/// <summary>A mistake in how the tool was called (a bad option value, an option that does not apply): exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The <c>segment</c> command line: parses, dispatches and turns every failure into one clear sentence and an exit code.</summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, cancellationToken);
        var root = new RootCommand("segment: customer segmentation from CSV files (clustering, profiles, descriptive names).")
        {
            ClusterCommand.Create(context),
            RunCommand.Create(context),
            TrackCommand.Create(context),
            SuggestEpsCommand.Create(context),
            ScoreCommand.Create(context),
            RulesCommand.Create(context),
            SelectKCommand.Create(context),
            EvaluateCommand.Create(context),
        };

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = parse.CommandResult.Command == root ? "segment" : $"segment {parse.CommandResult.Command.Name}";
            stderr.WriteLine($"error: {parse.Errors[0].Message} Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception)
        {
            return Report(exception, stderr);
        }
    }

    /// <summary>Maps an exception to the contract's exit code and writes one sentence to stderr (no stack trace).</summary>
    internal static int Report(Exception exception, TextWriter stderr)
    {
        switch (exception)
        {
            case CliUsageException or ArgumentException:
                stderr.WriteLine($"error: {exception.Message}");
                return ExitCodes.Usage;
            case DataFormatException or FileNotFoundException or DirectoryNotFoundException or Segmentation.Migration.SnapshotStoreException:
                stderr.WriteLine($"error: {exception.Message}");
                return ExitCodes.InputData;
            case OperationCanceledException:
                stderr.WriteLine("error: cancelled.");
                return ExitCodes.Unexpected;
            default:
                stderr.WriteLine($"error: unexpected {exception.GetType().Name}: {exception.Message}");
                if (Environment.GetEnvironmentVariable("SEGMENT_DEBUG") == "1")
                {
                    stderr.WriteLine(exception);
                }

                return ExitCodes.Unexpected;
        }
    }
}

/// <summary>Where commands write, and the cancellation of the whole invocation.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken);
