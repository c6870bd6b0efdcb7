using System.Reflection;
using System.Text.RegularExpressions;

namespace Segmentation.PublicApi.Tests;

/// <summary>Every exported type's namespace is its project's root namespace plus its folder path.</summary>
public sealed partial class NamespaceFolderTests
{
    /// <summary>
    /// The one allowed exception: registration extension classes (and the builder interface they extend) live in
    /// Microsoft.Extensions.DependencyInjection, as the .NET libraries' own do, so that a host needs no extra using.
    /// </summary>
    private const string DependencyInjectionNamespace = "Microsoft.Extensions.DependencyInjection";

    public static TheoryData<string> Assemblies => new() { "Segmentation", "Segmentation.MLNet", "Segmentation.Reporting", "Segmentation.Sqlite" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void ExportedTypes_EachType_NamespaceMatchesFolder(string assemblyName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        string project = Path.Combine(RepositoryRoot(), "src", assemblyName);
        Dictionary<string, List<string>> declaredIn = TypeDeclarations(project);
        var problems = new List<string>();

        foreach (Type type in assembly.GetExportedTypes().Where(t => !t.IsNested).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string name = type.Name.Split('`')[0];
            if (!declaredIn.TryGetValue(name, out List<string>? files))
            {
                problems.Add($"{type.FullName}: no declaration of {name} found under src/{assemblyName}.");
                continue;
            }

            foreach (string file in files)
            {
                string folder = Path.GetDirectoryName(Path.GetRelativePath(project, file))!;
                string expected = folder.Length == 0 ? assemblyName : assemblyName + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
                bool registration = type.Namespace == DependencyInjectionNamespace && (folder == "DependencyInjection" || folder.Length == 0)
                    && ((type.IsAbstract && type.IsSealed && type.Name.EndsWith("Extensions", StringComparison.Ordinal)) || type.IsInterface || type.Name.EndsWith("Registration", StringComparison.Ordinal));
                if (type.Namespace != expected && !registration)
                {
                    problems.Add($"{Path.GetRelativePath(project, file)} declares {type.Name} in namespace {type.Namespace}; the folder says {expected}.");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} public type(s) in src/{assemblyName} are not in their folder's namespace:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void TypeDeclarations_FileScopedNamespace_FindsTopLevelTypesOnly()
    {
        string dir = Directory.CreateTempSubdirectory("ns-folder-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "Sub"));
            File.WriteAllText(Path.Combine(dir, "Sub", "A.cs"), "namespace X.Sub;\n\npublic sealed class Alpha\n{\n    public sealed class Nested { }\n}\n\ninternal enum Beta { One }\n");

            Dictionary<string, List<string>> found = TypeDeclarations(dir);

            Assert.Equal(["Alpha", "Beta"], found.Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Top-level type names (declared at column 0 under a file-scoped namespace) and the files that declare them (several for partial types).</summary>
    private static Dictionary<string, List<string>> TypeDeclarations(string project)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(project, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in TopLevelDeclaration().Matches(File.ReadAllText(file)))
            {
                string name = m.Groups["name"].Value;
                if (!result.TryGetValue(name, out List<string>? files))
                {
                    result[name] = files = [];
                }

                files.Add(file);
            }
        }

        return result;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Segmentation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Segmentation.sln above {AppContext.BaseDirectory}.");
    }

    // A delegate's name follows its return type; every other kind's name follows the keyword.
    [GeneratedRegex(@"^(?:public|internal)\s+(?:(?:sealed|static|abstract|readonly|partial|unsafe|ref|file)\s+)*(?:(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>\w+)|delegate\s+[\w<>?,\[\] .]+?\s+(?<name>\w+)\s*[<(])", RegexOptions.Multiline)]
    private static partial Regex TopLevelDeclaration();
}
