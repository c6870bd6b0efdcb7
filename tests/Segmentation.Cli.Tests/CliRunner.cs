using System.Diagnostics;

namespace Segmentation.Cli.Tests;

/// <summary>Runs the CLI in-process (fast) or as a real process (exit codes, no stack traces), inside a temporary directory.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("segment-cli-tests-").FullName;
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, string content)
    {
        string path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = CliApp.Run(args, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>segment</c> program with <c>dotnet</c>, as a user would.</summary>
    public CliResult RunProcess(params string[] args)
    {
        string program = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory };
        start.ArgumentList.Add(program);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("segment did not finish within two minutes.");
        }

        return new CliResult(process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error);
