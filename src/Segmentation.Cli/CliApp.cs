using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Segmentation.Cli.Commands;
using Segmentation.Cli.Output;
using Segmentation.Data;

namespace Segmentation.Cli;

/// <summary>The exit codes of the <c>segment</c> tool (see ARCHITECTURE.md, "The segment command-line contract").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;

    /// <summary>An output could not be written (permission, disk full, a directory in the way): 1, as the contract has no other code for it; the message says which file and why.</summary>
    public const int OutputFailure = 1;
    public const int Usage = 2;
    public const int InputData = 3;
}

/// <summary>A mistake in how the tool was called (a bad option value, an option that does not apply): exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The <c>segment</c> command line: parses, dispatches and turns every failure into one clear sentence and an exit code.</summary>
internal static partial class CliApp
{
    /// <summary>The options that name files the command reads, per command path (checked before the command runs: exit code 3).</summary>
    private static readonly Dictionary<string, string[]> InputFileOptions = new(StringComparer.Ordinal)
    {
        ["segment cluster"] = ["--input", "--init"],
        ["segment run"] = ["--input", "--events", "--outcomes", "--config"],
        ["segment track"] = ["--previous", "--current"],
        ["segment suggest-eps"] = ["--input"],
        ["segment score train"] = ["--input"],
        ["segment score apply"] = ["--model", "--input"],
        ["segment rules"] = ["--input", "--rules"],
        ["segment select-k"] = ["--input"],
        ["segment evaluate"] = ["--input", "--labels"],
    };

    /// <summary>The options that name files (or, for <c>run --out</c>, a folder) the command writes, checked before it runs: exit code 1.</summary>
    private static readonly Dictionary<string, string[]> OutputOptions = new(StringComparer.Ordinal)
    {
        ["segment cluster"] = ["--output", "--centers", "--metrics", "--merges"],
        ["segment run"] = ["--out"],
        ["segment track"] = ["--output"],
        ["segment suggest-eps"] = ["--output"],
        ["segment score train"] = ["--model"],
        ["segment score apply"] = ["--output"],
        ["segment rules"] = ["--output"],
        ["segment select-k"] = ["--output"],
        ["segment evaluate"] = ["--metrics"],
    };

    /// <summary>Values of <c>--init</c> that are seeding methods, not files.</summary>
    private static readonly string[] InitMethods = ["k-means++", "k-means||", "random"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args is ["--version"])
        {
            // The version, then the vector width the distance kernels run at (as DistanceKernels.BestPath picks it), so that a user or a benchmark can say which path ran.
            stdout.WriteLine($"{typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} ({(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128" : "scalar")})");
            return ExitCodes.Success;
        }

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
            InitCommand.Create(context),
            ReportCommand.Create(context),
        };
        NumericOptions.Install(root);

        ParseResult parse = root.Parse(args);
        string command = CommandPath(parse.CommandResult);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {DescribeParseError(parse, command)} Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // Help runs no command: the checks of inputs and outputs do not apply, and reading a required option's value would throw.
            if (parse.Action is System.CommandLine.Help.HelpAction)
            {
                return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
            }

            RejectEmptyValues(parse);
            CheckInputFiles(parse, command);
            CheckOutputPaths(parse, command);
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
        (int code, string message) = Describe(exception);
        stderr.WriteLine($"error: {OneLine(message)}");
        if (code == ExitCodes.Unexpected && Environment.GetEnvironmentVariable("SEGMENT_DEBUG") == "1")
        {
            stderr.WriteLine(exception);
        }

        return code;
    }

    private static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CliUsageException => (ExitCodes.Usage, exception.Message),
        ArgumentException => (ExitCodes.Usage, ParameterSuffix().Replace(exception.Message, string.Empty)),
        DataFormatException { Option: not null } => (ExitCodes.Usage, exception.Message),
        DataFormatException or Segmentation.Migration.SnapshotStoreException => (ExitCodes.InputData, exception.Message),
        OutputWriteException => (ExitCodes.OutputFailure, exception.Message),
        FileNotFoundException missing when missing.FileName is string file && missing.Message.StartsWith("Could not find", StringComparison.Ordinal) =>
            (ExitCodes.InputData, $"'{file}' does not exist; check the path."),
        DirectoryNotFoundException when QuotedPath(exception.Message) is string path =>
            (ExitCodes.InputData, $"the folder of '{path}' does not exist; check the path."),
        FileNotFoundException or DirectoryNotFoundException => (ExitCodes.InputData, exception.Message),
        UnauthorizedAccessException => (ExitCodes.InputData, QuotedPath(exception.Message) is string path
            ? $"cannot read '{path}': permission denied; make the file readable or copy it somewhere you can read."
            : "an input file cannot be read: permission denied; make the file readable or copy it somewhere you can read."),
        InvalidDataException => (ExitCodes.InputData, $"an input file is damaged or truncated ({exception.Message.TrimEnd('.')}); give the file again as it was written."),
        JsonException json => (ExitCodes.InputData, string.Create(CultureInfo.InvariantCulture,
            $"a JSON input file is not valid JSON (line {(json.LineNumber ?? 0) + 1}); fix the file or write it again.")),
        IOException when exception.GetType() == typeof(IOException) || exception is PathTooLongException =>
            (ExitCodes.InputData, $"an input file cannot be read ({exception.Message.TrimEnd('.')}); check the file and its permissions."),
        IOException => (ExitCodes.InputData, exception.Message),
        OperationCanceledException => (ExitCodes.Unexpected, "cancelled."),
        _ => (ExitCodes.Unexpected, $"unexpected {exception.GetType().Name}: {exception.Message.TrimEnd('.')}. Please report this; set SEGMENT_DEBUG=1 to see where it happened."),
    };

    /// <summary>"segment score train": the command as the user typed it, for help pointers.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            names.Add(c.Parent is null ? "segment" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The first parse error, with an unknown command or option named and the closest known one suggested.</summary>
    private static string DescribeParseError(ParseResult parse, string command)
    {
        Command current = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                string[] known = [.. current.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal))];
                string? option = Closest(token.Split('=')[0], known);
                return option is null
                    ? $"unknown option '{token}' for '{command}'."
                    : $"unknown option '{token}' for '{command}'; did you mean '{option}'?";
            }

            if (current.Subcommands.Count > 0)
            {
                string? closest = Closest(token, [.. current.Subcommands.Select(c => c.Name)]);
                return closest is null
                    ? $"unknown command '{token}'; the commands are {string.Join(", ", current.Subcommands.Select(c => c.Name))}."
                    : $"unknown command '{token}'; did you mean '{closest}'?";
            }

            return $"'{token}' is not an option of '{command}'; options start with '--' and take their value after a space.";
        }

        ParseError error = parse.Errors[0];
        if (error.Message.Contains("not recognized", StringComparison.Ordinal) && OptionOf(error.SymbolResult) is Option rejected)
        {
            // System.CommandLine lists the accepted values over several lines; say it in one sentence.
            string[] values = [.. QuotedText().Matches(error.Message).Select(m => m.Groups[1].Value)];
            return values.Length > 1
                ? $"{rejected.Name} must be one of {string.Join(", ", values.Skip(1))}, but was '{values[0]}'."
                : $"{rejected.Name} does not accept '{values.FirstOrDefault()}'; see the accepted values in the help.";
        }

        if (error.Message.StartsWith("Required argument missing", StringComparison.Ordinal) && OptionOf(error.SymbolResult) is Option empty)
        {
            return $"{empty.Name} needs a value after it.";
        }

        return OneLine(error.Message);
    }

    private static Option? OptionOf(SymbolResult? result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is OptionResult option)
            {
                return option.Option;
            }
        }

        return null;
    }

    /// <summary>A message on one line, without System.Text.Json's "LineNumber: 0 | BytePositionInLine: 5." position suffix.</summary>
    internal static string OneLine(string message)
    {
        string cleaned = JsonPosition().Replace(message, match => string.Create(
            CultureInfo.InvariantCulture, $" (line {long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1}, byte {long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 1})"));

        // System.Text.Json names the .NET type it could not fill; the user needs the shape of the file instead.
        cleaned = JsonTypeName().Replace(cleaned, "does not have the expected shape (an object with the documented properties)");
        return string.Join(' ', cleaned.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The candidate closest to <paramref name="typed"/> by edit distance, when it is close enough to be a likely typo.</summary>
    internal static string? Closest(string typed, IReadOnlyList<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions each cost 1).</summary>
    internal static int EditDistance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] row = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                row[j] = Math.Min(Math.Min(row[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, row) = (row, previous);
        }

        return previous[b.Length];
    }

    /// <summary>An option given with an empty value (<c>--output ""</c>) is a usage mistake, named before anything runs.</summary>
    private static void RejectEmptyValues(ParseResult parse)
    {
        foreach (OptionResult option in parse.CommandResult.Children.OfType<OptionResult>())
        {
            if (option.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                throw new CliUsageException($"{option.Option.Name} needs a value, but was empty.");
            }
        }
    }

    /// <summary>Every input file given must exist, be a file and be readable: exit code 3 with the option and the path.</summary>
    private static void CheckInputFiles(ParseResult parse, string command)
    {
        if (!InputFileOptions.TryGetValue(command, out string[]? names))
        {
            return;
        }

        foreach (OptionResult option in parse.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit && names.Contains(o.Option.Name)))
        {
            string? path = option.Tokens.Count > 0 ? option.Tokens[^1].Value : null;
            if (path is null || (option.Option.Name == "--init" && InitMethods.Contains(path, StringComparer.Ordinal)))
            {
                continue;
            }

            string name = option.Option.Name;
            if (Directory.Exists(path))
            {
                throw new DataFormatException(path, 0, null, $"it is a directory; give {name} the path of a file.");
            }

            if (!File.Exists(path))
            {
                throw new DataFormatException(path, 0, null, $"the file given to {name} does not exist; check the path.");
            }

            try
            {
                using FileStream stream = File.OpenRead(path);
            }
            catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
            {
                throw new DataFormatException(path, 0, null, $"the file given to {name} cannot be read (permission denied); make it readable or copy it somewhere you can read.");
            }
        }
    }

    /// <summary>An output path that is a directory, or lies under a file, fails before any work is done (exit code 1).</summary>
    private static void CheckOutputPaths(ParseResult parse, string command)
    {
        if (!OutputOptions.TryGetValue(command, out string[]? names))
        {
            return;
        }

        foreach (OptionResult option in parse.CommandResult.Children.OfType<OptionResult>().Where(o => names.Contains(o.Option.Name)))
        {
            if (option.Tokens.Count > 0 || option.Implicit)
            {
                string? path = option.Tokens.Count > 0 ? option.Tokens[^1].Value : option.GetValueOrDefault<string?>();
                if (path is not null)
                {
                    OutputSet.CheckPath(path, isFolder: option.Option.Name == "--out");
                }
            }
        }
    }

    private static string? QuotedPath(string message) => QuotedText().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"\s*LineNumber: (\d+) \| BytePositionInLine: (\d+)\.?")]
    private static partial Regex JsonPosition();

    [GeneratedRegex(@"could not be converted to [\w.`\[\], ]+?(?=\.(\s|$)|$)")]
    private static partial Regex JsonTypeName();

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}

/// <summary>Where commands write, and the cancellation of the whole invocation.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken);
