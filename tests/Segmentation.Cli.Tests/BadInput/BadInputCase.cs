namespace Segmentation.Cli.Tests.BadInput;

/// <summary>
/// One bad-input case: the command line (an argument starting with '@' is a path in the case's directory, '@' alone
/// the directory itself), how to spoil the good files first, and what the contract says must happen.
/// </summary>
/// <param name="Name">The case's unique name, shown by the test runner.</param>
/// <param name="Args">The arguments after <c>segment</c>.</param>
/// <param name="ExitCode">The exit code the contract gives: 2 usage, 3 input data, 1 an output that cannot be written.</param>
/// <param name="Expected">Text the error sentence must hold (the flag, file or value it names), or null.</param>
/// <param name="Setup">Spoils the case's directory after the good files are written, or null.</param>
/// <param name="MayRemain">A file the command may leave although it failed (the SQLite store is not an output), or null.</param>
public sealed record BadInputCase(string Name, string[] Args, int ExitCode, string? Expected = null, Action<CliRunner>? Setup = null, string? MayRemain = null)
{
    public override string ToString() => Name;
}

/// <summary>Edits of a good command line, each giving a new argument array.</summary>
internal static class Args
{
    /// <summary>Sets <paramref name="flag"/>'s value, adding the flag when absent.</summary>
    public static string[] Set(string[] args, string flag, string value)
    {
        int at = Array.IndexOf(args, flag);
        if (at < 0)
        {
            return [.. args, flag, value];
        }

        string[] copy = [.. args];
        copy[at + 1] = value;
        return copy;
    }

    /// <summary>Removes <paramref name="flag"/> and its value.</summary>
    public static string[] Without(string[] args, string flag)
    {
        int at = Array.IndexOf(args, flag);
        return at < 0 ? args : [.. args[..at], .. args[(at + 2)..]];
    }

    /// <summary>Renames <paramref name="flag"/> (a typo), keeping its value.</summary>
    public static string[] Rename(string[] args, string flag, string typo) => [.. args.Select(a => a == flag ? typo : a)];

    /// <summary>Appends extra arguments.</summary>
    public static string[] Plus(string[] args, params string[] extra) => [.. args, .. extra];
}
