using System.Text;

namespace Segmentation.Cli.Tests.BadInput;

/// <summary>The catalogue of bad-input cases: the same mistakes against every command, then each command's own flags.</summary>
internal static class BadInputCases
{
    private const int Usage = 2;
    private const int InputData = 3;
    private const int OutputFailure = 1;

    /// <summary>A command that succeeds on the good files, and which of its flags read and write files.</summary>
    private sealed record CommandLine(string Name, string[] Good, string InputFlag, string InputFile, string OutputFlag, string RequiredFlag, string Typo, bool HasSeed);

    private static readonly CommandLine[] Commands =
    [
        new("cluster", ["cluster", "--input", "@points.csv", "--id-column", "id", "--k", "2", "--output", "@out/labels.csv", "--metrics", "@out/metrics.json"], "--input", "points.csv", "--output", "--output", "--ouput", HasSeed: true),
        new("evaluate", ["evaluate", "--input", "@points.csv", "--id-column", "id", "--labels", "@labels.csv", "--metrics", "@out/metrics.json"], "--labels", "labels.csv", "--metrics", "--labels", "--lables", HasSeed: false),
        new("rules", ["rules", "--input", "@customers.csv", "--id-column", "id", "--rules", "@rules.json", "--output", "@out/rules.csv"], "--input", "customers.csv", "--output", "--rules", "--rule", HasSeed: false),
        new("score train", ["score", "train", "--input", "@customers.csv", "--id-column", "id", "--target", "churned", "--model", "@out/model.json"], "--input", "customers.csv", "--model", "--target", "--taget", HasSeed: true),
        new("score apply", ["score", "apply", "--model", "@model.json", "--input", "@customers.csv", "--id-column", "id", "--output", "@out/scores.csv"], "--input", "customers.csv", "--output", "--model", "--modle", HasSeed: false),
        new("select-k", ["select-k", "--input", "@points.csv", "--id-column", "id", "--min-k", "2", "--max-k", "3", "--output", "@out/k.csv"], "--input", "points.csv", "--output", "--input", "--max-kk", HasSeed: true),
        new("suggest-eps", ["suggest-eps", "--input", "@points.csv", "--id-column", "id", "--min-points", "3", "--output", "@out/curve.csv"], "--input", "points.csv", "--output", "--min-points", "--min-point", HasSeed: false),
        new("track", ["track", "--previous", "@previous.csv", "--current", "@current.csv", "--id-column", "id", "--segment-column", "segment", "--output", "@out/t.csv"], "--current", "current.csv", "--output", "--segment-column", "--segment-colum", HasSeed: false),
        new("run", ["run", "--input", "@customers.csv", "--id-column", "id", "--k", "2", "--out", "@out/run", "--store", "@store.db"], "--input", "customers.csv", "--out", "--input", "--ot", HasSeed: true),
    ];

    public static IEnumerable<BadInputCase> All()
    {
        foreach (CommandLine c in Commands)
        {
            foreach (BadInputCase @case in Common(c))
            {
                yield return @case;
            }
        }

        foreach (BadInputCase @case in Root().Concat(Cluster()).Concat(Evaluate()).Concat(Rules()).Concat(Score()).Concat(SelectKAndEps()).Concat(Track()).Concat(Run()).Concat(Cells()).Concat(RuleText()).Concat(Store()))
        {
            yield return @case;
        }
    }

    /// <summary>The same mistakes against every command.</summary>
    private static IEnumerable<BadInputCase> Common(CommandLine c)
    {
        string n = c.Name;
        string[] g = c.Good;
        string store = n == "run" ? "store.db" : null!;
        yield return new($"{n}: unknown option", Args.Plus(g, "--bogus", "1"), Usage, "unknown option '--bogus'");
        yield return new($"{n}: misspelled option", Args.Rename(g, Fix(c), c.Typo), Usage, "did you mean");
        if (n != "run")
        {
            // run has no required option: without --input it runs on the embedded sample.
            yield return new($"{n}: required option missing", Args.Without(g, c.RequiredFlag), Usage, c.RequiredFlag);
        }

        yield return new($"{n}: empty input path", Args.Set(g, c.InputFlag, ""), Usage, c.InputFlag);
        yield return new($"{n}: empty output path", Args.Set(g, c.OutputFlag, ""), Usage, c.OutputFlag);
        yield return new($"{n}: stray argument", Args.Plus(g, "extra"), Usage, "'extra'");
        yield return new($"{n}: option without its value", Args.Plus(Args.Without(g, c.OutputFlag), c.OutputFlag), Usage, $"{c.OutputFlag} needs a value after it.");
        yield return new($"{n}: input missing", Args.Set(g, c.InputFlag, "@nope.csv"), InputData, "does not exist");
        yield return new($"{n}: input in a missing folder", Args.Set(g, c.InputFlag, "@no/such/folder.csv"), InputData, "does not exist");
        yield return new($"{n}: input is a directory", Args.Set(g, c.InputFlag, "@"), InputData, "directory");
        yield return new($"{n}: input empty", g, InputData, c.InputFile, cli => cli.Write(c.InputFile, ""));
        yield return new($"{n}: input binary garbage", g, InputData, c.InputFile, cli => File.WriteAllBytes(cli.PathOf(c.InputFile), [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256))]));
        yield return new($"{n}: input header only", g, InputData, c.InputFile, cli => File.WriteAllText(cli.PathOf(c.InputFile), File.ReadLines(cli.PathOf(c.InputFile)).First() + "\n"));
        if (n != "evaluate")
        {
            // (evaluate's --labels file has one column: no separator to mistake.)
            yield return new($"{n}: input separated by semicolons", g, InputData, "separated by ';'", cli => File.WriteAllText(cli.PathOf(c.InputFile), File.ReadAllText(cli.PathOf(c.InputFile)).Replace(',', ';')));
            yield return new($"{n}: input separated by tabs", g, InputData, "separated by", cli => File.WriteAllText(cli.PathOf(c.InputFile), File.ReadAllText(cli.PathOf(c.InputFile)).Replace(',', '\t')));
        }

        yield return new($"{n}: input unclosed quote", g, InputData, c.InputFile, cli => File.AppendAllText(cli.PathOf(c.InputFile), "x,\"never closed\n"));
        yield return new($"{n}: input ragged row", g, InputData, c.InputFile, cli => File.AppendAllText(cli.PathOf(c.InputFile), "a,b,c,d,e,f,g,h,i,j,k\n"));
        yield return n == "run"
            ? new($"{n}: output folder is a file", Args.Set(g, c.OutputFlag, "@points.csv"), OutputFailure, "it is a file; give the path of a folder")
            : new($"{n}: output is a directory", Args.Set(g, c.OutputFlag, "@"), OutputFailure, "directory");
        yield return new($"{n}: output under a file", Args.Set(g, c.OutputFlag, "@points.csv/sub/out.csv"), OutputFailure, "points.csv' is a file, not a folder");
        if (!BadInputFixture.RunningAsRoot)
        {
            yield return new($"{n}: input unreadable", g, InputData, c.InputFile, cli => SetMode(cli.PathOf(c.InputFile), UnixFileMode.None));
            yield return new($"{n}: output folder read-only", Args.Set(g, c.OutputFlag, "@locked/out.csv"), OutputFailure, "locked", cli =>
            {
                Directory.CreateDirectory(cli.PathOf("locked"));
                SetMode(cli.PathOf("locked"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }, MayRemain: store);
        }

        if (c.HasSeed)
        {
            yield return new($"{n}: --seed not a number", Args.Set(g, "--seed", "x"), Usage, "--seed must be a whole number, but was 'x'");
            yield return new($"{n}: --seed with decimals", Args.Set(g, "--seed", "1.5"), Usage, "--seed must be a whole number");
            yield return new($"{n}: --seed too large", Args.Set(g, "--seed", "99999999999"), Usage, "--seed");
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static string Fix(CommandLine c) => c.Typo switch
    {
        "--ouput" => "--output",
        "--lables" => "--labels",
        "--rule" => "--rules",
        "--taget" => "--target",
        "--modle" => "--model",
        "--min-point" => "--min-points",
        "--segment-colum" => "--segment-column",
        "--ot" => "--out",
        "--max-kk" => "--max-k",
        _ => c.RequiredFlag,
    };

    private static IEnumerable<BadInputCase> Root()
    {
        yield return new("root: no command", [], Usage);
        yield return new("root: unknown command", ["clusterr", "--input", "@points.csv"], Usage, "unknown command 'clusterr'; did you mean 'cluster'?");
        yield return new("root: unknown command far from any", ["frobnicate"], Usage, "unknown command 'frobnicate'");
        yield return new("root: unknown subcommand of score", ["score", "trian"], Usage, "did you mean 'train'?");
        yield return new("root: score without subcommand", ["score"], Usage, "segment score --help");
        yield return new("root: help pointer names the subcommand", ["score", "train", "--input", "@customers.csv"], Usage, "segment score train --help");
        yield return new("root: unknown global option", ["--verbose"], Usage, "--verbose");
    }

    private static readonly string[] ClusterGood = Commands[0].Good;

    private static IEnumerable<BadInputCase> Cluster()
    {
        string[] g = ClusterGood;
        string[] dbscan = Args.Without(Args.Set(g, "--algorithm", "dbscan"), "--k");
        string[] hierarchical = Args.Set(g, "--algorithm", "hierarchical");
        string[] byThreshold = Args.Without(hierarchical, "--k");
        string[] minibatch = Args.Set(g, "--algorithm", "minibatch-kmeans");
        foreach ((string flag, string value, string expected) in new[]
        {
            ("--threads", "0", "--threads must be at least 1 (or -1 for all cores), but was 0."),
            ("--threads", "-2", "--threads must be at least 1"),
            ("--threads", "5000", "--threads must be at most 1024"),
            ("--threads", "x", "--threads must be a whole number, but was 'x'."),
            ("--threads", "2.5", "--threads must be a whole number"),
            ("--n-init", "0", "--n-init must be at least 1"),
            ("--n-init", "100000", "--n-init must be at most 1000"),
            ("--n-init", "many", "--n-init must be a whole number"),
            ("--max-iter", "0", "--max-iter must be at least 1"),
            ("--max-iter", "-5", "--max-iter must be at least 1"),
            ("--max-iter", "ten", "--max-iter must be a whole number"),
            ("--tol", "-1", "--tol must be between 0 and 1"),
            ("--tol", "2", "--tol must be between 0 and 1"),
            ("--tol", "abc", "--tol must be a number"),
            ("--tol", "NaN", "--tol must be a number"),
            ("--tol", "1,5", "--tol must be a number"),
            ("--k", "0", "--k must be a whole number of at least 1"),
            ("--k", "-3", "--k"),
            ("--k", "abc", "--k must be a whole number"),
            ("--k", "2.5", "--k must be a whole number"),
            ("--k", "auto", "--k auto"),
            ("--k", "1000000", "--k must be at most 100000"),
            ("--k", "99999999999", "--k"),
            ("--algorithm", "spectral", "--algorithm must be one of kmeans, minibatch-kmeans, hierarchical, dbscan, but was 'spectral'."),
            ("--scale", "log", "--scale must be one of"),
            ("--precision", "half", "--precision must be one of double, single, but was 'half'."),
            ("--columns", "x,,y", "--columns"),
            ("--columns", "x,x", "--columns names 'x' twice"),
            ("--eps", "0.5", "--eps applies to --algorithm dbscan"),
            ("--linkage", "ward", "--linkage applies to --algorithm hierarchical"),
            ("--batch-size", "10", "--batch-size applies to --algorithm minibatch-kmeans"),
        })
        {
            yield return new($"cluster: {flag} {value}", Args.Set(g, flag, value), Usage, expected);
        }

        foreach ((string flag, string value, string expected) in new[]
        {
            ("--eps", "0", "--eps must be a number greater than 0"),
            ("--eps", "-1", "--eps must be a number greater than 0"),
            ("--eps", "wide", "--eps must be a number greater than 0"),
            ("--min-points", "0", "--min-points must be a whole number from 1"),
            ("--min-points", "x", "--min-points must be a whole number"),
            ("--k", "3", "--k does not apply to --algorithm dbscan"),
            ("--threads", "2", "--threads applies to --algorithm kmeans"),
        })
        {
            yield return new($"cluster dbscan: {flag} {value}", Args.Set(dbscan, flag, value), Usage, expected);
        }

        foreach ((string flag, string value, string expected) in new[]
        {
            ("--distance-threshold", "-1", "--distance-threshold must be a number at least 0"),
            ("--distance-threshold", "far", "--distance-threshold must be a number"),
            ("--distance-threshold", "1", "--k and --distance-threshold are mutually exclusive"),
            ("--linkage", "nearest", "--linkage must be one of"),
            ("--memory-budget", "1K", "--memory-budget must be a size of at least 1M"),
            ("--memory-budget", "lots", "--memory-budget"),
        })
        {
            yield return new($"cluster hierarchical: {flag} {value}", Args.Set(flag == "--distance-threshold" && value != "1" ? byThreshold : hierarchical, flag, value), Usage, expected);
        }

        foreach ((string flag, string value, string expected) in new[]
        {
            ("--batch-size", "0", "--batch-size must be at least 1"),
            ("--batch-size", "x", "--batch-size must be a whole number"),
            ("--max-epochs", "0", "--max-epochs must be at least 1"),
            ("--max-epochs", "-1", "--max-epochs must be at least 1"),
        })
        {
            yield return new($"cluster minibatch: {flag} {value}", Args.Set(minibatch, flag, value), Usage, expected);
        }

        yield return new("cluster: --init file missing", Args.Set(g, "--init", "@centres.csv"), InputData, "centres.csv");
        yield return new("cluster: --init file separated by semicolons", Args.Set(g, "--init", "@centres.csv"), InputData, "separated by ';'", cli => cli.Write("centres.csv", "a;b\n1;2\n"));
        yield return new("cluster: --init wrong row count", Args.Set(g, "--init", "@centres.csv"), Usage, "--init", cli => cli.Write("centres.csv", "x,y\n0,0\n1,1\n2,2\n"));
        yield return new("cluster: --init empty cell", Args.Set(g, "--init", "@centres.csv"), InputData, "centres.csv", cli => cli.Write("centres.csv", "x,y\n0,\n1,1\n"));
        yield return new("cluster: --metrics is a directory, labels not left", Args.Set(g, "--metrics", "@"), OutputFailure, "directory");
        yield return new("cluster: --centers under a file, labels not left", Args.Set(g, "--centers", "@labels.csv/c.csv"), OutputFailure, "labels.csv");
        yield return new("cluster: --merges is a directory", Args.Set(Args.Without(hierarchical, "--metrics"), "--merges", "@"), OutputFailure, "directory");
        yield return new("cluster: --columns names a missing column", Args.Set(g, "--columns", "x,nope"), Usage, "--columns names the column 'nope'");
        yield return new("cluster: --id-column names a missing column", Args.Set(g, "--id-column", "nope"), Usage, "--id-column names the column 'nope'");
        yield return new("cluster: text in a numeric column", g, InputData, "line 3", cli => cli.Write("points.csv", "id,x,y\na,1,2\nb,six,3\nc,4,5\n"));
        yield return new("cluster: huge cell", g, InputData, "points.csv", cli => cli.Write("points.csv", "id,x,y\na,1,2\nb," + new string('9', 400) + "x,3\nc,4,5\n"));
        yield return new("cluster: more clusters than rows", Args.Set(g, "--k", "50"), Usage, "50");
    }

    private static IEnumerable<BadInputCase> Evaluate()
    {
        string[] g = Commands[1].Good;
        yield return new("evaluate: fewer labels than rows", g, InputData, "labels.csv", cli => cli.Write("labels.csv", "label\n0\n1\n"));
        yield return new("evaluate: label not a number", g, InputData, "labels.csv", cli => cli.Write("labels.csv", "label\n" + string.Concat(Enumerable.Repeat("a\n", 30))));
        yield return new("evaluate: label below -1", g, InputData, "labels.csv", cli => cli.Write("labels.csv", "label\n" + string.Concat(Enumerable.Repeat("-2\n", 30))));
        yield return new("evaluate: no label column", g, InputData, "no label column", cli => cli.Write("labels.csv", "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 30))));
        yield return new("evaluate: --input missing (besides --labels)", Args.Set(g, "--input", "@nope.csv"), InputData, "does not exist");
        yield return new("evaluate: --scale unknown", Args.Set(g, "--scale", "zscore"), Usage, "--scale must be one of standard, robust, minmax, none, but was 'zscore'.");
        yield return new("evaluate: --columns missing column", Args.Set(g, "--columns", "nope"), Usage, "--columns names the column 'nope'");
    }

    private static IEnumerable<BadInputCase> Rules()
    {
        string[] g = Commands[2].Good;
        // A rule file that is not a rule set is a usage error (exit 2), like bad rule text: the contract's "bad rule/config".
        foreach ((string name, string json, string expected) in new[]
        {
            ("garbage", "this is not json", "rules.json"),
            ("empty file", "", "rules.json"),
            ("truncated", "{ \"dimensions\": [ { \"name\": \"tier\", \"rules\": [", "rules.json"),
            ("an array", "[1, 2, 3]", "write an object"),
            ("no dimensions", "{ }", "no dimensions"),
            ("binary", "\u0001\u0002\u0003\u0000\u00ff", "rules.json"),
            ("rule syntax error", """{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": "arr >= >= 1" } ] } ] }""", "t/A"),
            ("unknown feature", """{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": "revenue > 1" } ] } ] }""", "unknown feature 'revenue'"),
        })
        {
            yield return new($"rules: rule file {name}", g, Usage, expected, cli => cli.Write("rules.json", json));
        }

        yield return new("rules: rule file missing", Args.Set(g, "--rules", "@nope.json"), InputData, "does not exist");
        yield return new("rules: rule file is a directory", Args.Set(g, "--rules", "@"), InputData, "directory");
        yield return new("rules: --id-column missing column", Args.Set(g, "--id-column", "nope"), Usage, "--id-column names the column 'nope'");
    }

    private static IEnumerable<BadInputCase> Score()
    {
        string[] train = Commands[3].Good;
        string[] apply = Commands[4].Good;
        foreach ((string flag, string value, string expected) in new[]
        {
            ("--holdout", "0", "--holdout must be between 0 and 1"),
            ("--holdout", "1", "--holdout must be between 0 and 1"),
            ("--holdout", "half", "--holdout must be a number"),
            ("--c", "0", "--c must be between"),
            ("--c", "-1", "--c must be between"),
            ("--c", "big", "--c must be a number"),
            ("--model-type", "forest", "--model-type must be one of logistic, gbm, but was 'forest'."),
            ("--class-weight", "heavy", "--class-weight must be one of none, balanced, but was 'heavy'."),
        })
        {
            yield return new($"score train: {flag} {value}", Args.Set(train, flag, value), Usage, expected);
        }

        yield return new("score train: --c with gbm", Args.Set(Args.Set(train, "--model-type", "gbm"), "--c", "1"), Usage, "--c applies to --model-type logistic");
        yield return new("score train: target column missing", Args.Set(train, "--target", "nope"), Usage, "--target names the column 'nope'");
        yield return new("score train: target with three values", Args.Set(train, "--target", "plan"), InputData, "plan");
        yield return new("score train: --positive absent from target", Args.Set(train, "--positive", "maybe"), Usage, "--positive 'maybe' does not occur");
        yield return new("score train: --date-column missing", Args.Set(train, "--date-column", "nope"), Usage, "--date-column names the column 'nope'");
        yield return new("score train: model path is a directory", Args.Set(train, "--model", "@"), OutputFailure, "directory");
        yield return new("score train: gbm model under a file", Args.Set(Args.Set(train, "--model-type", "gbm"), "--model", "@rules.json/m.json"), OutputFailure, "rules.json");

        foreach ((string name, string content) in new[]
        {
            ("garbage", "not a model"),
            ("empty", ""),
            ("truncated JSON", "{ \"modelType\": \"logistic\", \"coeff"),
            ("without modelType", "{ \"name\": \"churn\" }"),
            ("of an unknown type", "{ \"modelType\": \"neural\" }"),
            ("logistic but incomplete", "{ \"modelType\": \"logistic\" }"),
            ("a JSON array", "[]"),
        })
        {
            yield return new($"score apply: model {name}", apply, InputData, "model.json", cli => cli.Write("model.json", content));
        }

        string[] gbm = Args.Set(apply, "--model", "@gbm.json");
        yield return new("score apply: gbm zip truncated", gbm, InputData, "gbm.json", cli =>
        {
            byte[] zip = File.ReadAllBytes(cli.PathOf("gbm.zip"));
            File.WriteAllBytes(cli.PathOf("gbm.zip"), zip[..(zip.Length / 2)]);
        });
        yield return new("score apply: gbm zip garbage", gbm, InputData, "gbm.json", cli => File.WriteAllText(cli.PathOf("gbm.zip"), "PK but not really a zip", Encoding.ASCII));
        yield return new("score apply: gbm zip empty", gbm, InputData, "gbm.json", cli => File.WriteAllBytes(cli.PathOf("gbm.zip"), []));
        yield return new("score apply: gbm zip missing", gbm, InputData, "gbm.zip", cli => File.Delete(cli.PathOf("gbm.zip")));
        yield return new("score apply: model missing", Args.Set(apply, "--model", "@nope.json"), InputData, "does not exist");
        yield return new("score apply: model is a directory", Args.Set(apply, "--model", "@"), InputData, "directory");
        yield return new("score apply: input lacks a model column", apply, InputData, "customers.csv", cli => cli.Write("customers.csv", "id,other\na,1\n"));
    }

    private static IEnumerable<BadInputCase> SelectKAndEps()
    {
        string[] selectK = Commands[5].Good;
        yield return new("select-k: --min-k 1", Args.Set(selectK, "--min-k", "1"), Usage, "--min-k must be at least 2");
        yield return new("select-k: --max-k below --min-k", Args.Set(selectK, "--max-k", "1"), Usage, "--max-k must be at least --min-k");
        yield return new("select-k: --max-k 5000", Args.Set(selectK, "--max-k", "5000"), Usage, "--max-k must be at most 1000");
        yield return new("select-k: --min-k x", Args.Set(selectK, "--min-k", "x"), Usage, "--min-k must be a whole number");
        yield return new("select-k: --scale unknown", Args.Set(selectK, "--scale", "log"), Usage, "--scale must be one of");

        string[] eps = Commands[6].Good;
        yield return new("suggest-eps: --min-points 0", Args.Set(eps, "--min-points", "0"), Usage, "--min-points must be a whole number from 1");
        yield return new("suggest-eps: --min-points x", Args.Set(eps, "--min-points", "x"), Usage, "--min-points");
        yield return new("suggest-eps: --min-points above the rows", Args.Set(eps, "--min-points", "500"), Usage, "--min-points 500");
        yield return new("suggest-eps: text in a numeric column", eps, InputData, "line 2", cli => cli.Write("points.csv", "id,x,y\na,one,2\nb,3,4\n"));
    }

    private static IEnumerable<BadInputCase> Track()
    {
        string[] g = Commands[7].Good;
        yield return new("track: --segment-column missing", Args.Set(g, "--segment-column", "nope"), Usage, "--segment-column names the column 'nope'");
        yield return new("track: --id-column missing", Args.Set(g, "--id-column", "nope"), Usage, "--id-column names the column 'nope'");
        yield return new("track: --value-column missing", Args.Set(g, "--value-column", "nope"), Usage, "--value-column names the column 'nope'");
        yield return new("track: value not a number", Args.Set(g, "--value-column", "arr"), InputData, "previous.csv", cli => cli.Write("previous.csv", "id,segment,arr\na,Gold,lots\n"));
        yield return new("track: previous missing", Args.Set(g, "--previous", "@nope.csv"), InputData, "does not exist");
        yield return new("track: previous is a directory", Args.Set(g, "--previous", "@"), InputData, "directory");
    }

    private static IEnumerable<BadInputCase> Run()
    {
        string[] g = Commands[8].Good;
        yield return new("run: --k 0", Args.Set(g, "--k", "0"), Usage, "--k must be a whole number of at least 1");
        yield return new("run: --k many", Args.Set(g, "--k", "many"), Usage, "--k");
        yield return new("run: --k 1000000", Args.Set(g, "--k", "1000000"), Usage, "--k must be at most 100000");
        yield return new("run: --as-of not a date", Args.Set(g, "--as-of", "31/10/2026"), Usage, "--as-of must be a date written yyyy-MM-dd");
        yield return new("run: --events without --id-column", Args.Set(Args.Without(g, "--id-column"), "--events", "@previous.csv"), Usage, "--events needs --id-column");
        yield return new("run: --events missing", Args.Set(g, "--events", "@nope.csv"), InputData, "does not exist");
        yield return new("run: --config missing", Args.Set(g, "--config", "@nope.json"), InputData, "does not exist");
        yield return new("run: --config garbage", Args.Set(g, "--config", "@rules.json"), Usage, "rules.json", cli => cli.Write("rules.json", "garbage"));
        yield return new("run: --config is a directory", Args.Set(g, "--config", "@"), InputData, "directory");
        yield return new("run: sample with --id-column", ["run", "--id-column", "id", "--out", "@out/run", "--store", "@store.db"], Usage, "--id-column");
        yield return new("run: sample --as-of outside its history", ["run", "--as-of", "1999-01-01", "--out", "@out/run", "--store", "@store.db"], Usage, "--as-of must be between");
        yield return new("run: an output file is a directory", g, OutputFailure, "segments.json", cli => Directory.CreateDirectory(cli.PathOf("out/run/segments.json")), MayRemain: "store.db");
    }

    /// <summary>Cells that are not what their column holds: never a silent switch of the column to text.</summary>
    private static IEnumerable<BadInputCase> Cells()
    {
        string[] numericReaders = ["cluster", "select-k", "suggest-eps", "score train", "rules", "run"];
        foreach (CommandLine c in Commands.Where(c => numericReaders.Contains(c.Name)))
        {
            string column = c.InputFile == "points.csv" ? "x" : "usage";
            foreach (string bad in new[] { "six", "1,5", "Infinity", "$1,200" })
            {
                yield return new($"{c.Name}: '{bad}' in a numeric column", c.Good, InputData, $"column '{column}'", cli => SpoilCell(cli, c.InputFile, column, bad));
            }

            yield return new($"{c.Name}: a 10 MB cell is cut in the message", c.Good, InputData, "…", cli => SpoilCell(cli, c.InputFile, column, new string('9', 10_000_000) + "x"));
            yield return new($"{c.Name}: --invalid-numbers unknown", Args.Set(c.Good, "--invalid-numbers", "drop"), Usage, "--invalid-numbers");
        }

        // The fix the message names must exist on the command that printed it.
        foreach (CommandLine c in Commands.Where(c => numericReaders.Contains(c.Name)))
        {
            string column = c.InputFile == "points.csv" ? "x" : "usage";
            yield return new($"{c.Name}: the flag a bad-cell message suggests is accepted", Args.Plus(c.Good, "--invalid-numbers", "missing", "--bogus"), Usage, "unknown option '--bogus'", cli => SpoilCell(cli, c.InputFile, column, "six"));
        }
    }

    /// <summary>Rule texts past the documented limits: a clean error, never a stack overflow.</summary>
    private static IEnumerable<BadInputCase> RuleText()
    {
        string[] rulesGood = Commands[2].Good;
        string[] runWithRules = Args.Set(Commands[8].Good, "--config", "@rules.json");
        foreach ((string name, string condition, string expected) in new[]
        {
            ("10,000 nested parentheses", new string('(', 10_000) + "arr > 1" + new string(')', 10_000), "nests more than 100 levels"),
            ("an or chain of 10,000 terms", string.Join(" or ", Enumerable.Repeat("arr > 1", 10_000)), "characters long"),
            ("a sum of 170,000 terms", string.Join(" + ", Enumerable.Repeat("arr", 170_000)) + " > 1", "characters long"),
            ("in with 100,000 values", "arr in (" + string.Join(", ", Enumerable.Range(0, 100_000)) + ")", "characters long"),
            ("a level that does not exist", "plan == 'Enterprize'", "did you mean \"Enterprise\"?"),
        })
        {
            string json = "{ \"dimensions\": [ { \"name\": \"tier\", \"rules\": [ { \"segment\": \"Big\", \"when\": \"" + condition.Replace("'", "\\\"", StringComparison.Ordinal) + "\" } ] } ] }";
            yield return new($"rules: {name}", rulesGood, Usage, expected, cli => cli.Write("rules.json", json));
            yield return new($"run --config: {name}", runWithRules, Usage, expected, cli => cli.Write("rules.json", json), MayRemain: "store.db");
        }
    }

    /// <summary>The store of segment run: one per data set, and its files named when they are not a store.</summary>
    private static IEnumerable<BadInputCase> Store()
    {
        string[] g = Commands[8].Good;
        yield return new("run: store is not a database", g, InputData, "store.db", cli => cli.Write("store.db", "this is not a database, just text\n"));
        yield return new("run: store of another data set", g, Usage, "belongs to another data set", cli =>
        {
            File.WriteAllText(cli.PathOf("other.csv"), "id,tenure,logins\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"o{i},{i},{i % 7}\n")));
            CliResult first = cli.Run("run", "--input", cli.PathOf("other.csv"), "--id-column", "id", "--k", "2", "--out", cli.PathOf("first"), "--store", cli.PathOf("store.db"));
            if (first.ExitCode != 0)
            {
                throw new InvalidOperationException($"The first run of the case failed: {first.Error}");
            }
        }, MayRemain: "store.db");
        yield return new("run: --no-store with --store", Args.Plus(g, "--no-store"), Usage, "--no-store");
        yield return new("run: --value-column not a feature", Args.Set(g, "--value-column", "revenue"), Usage, "--value-column 'revenue'");
        yield return new("run: --events-id-column without --events", Args.Set(g, "--events-id-column", "customer"), Usage, "--events-id-column");
    }

    /// <summary>Replaces the first data row's cell of <paramref name="column"/> in <paramref name="file"/>, quoting it.</summary>
    private static void SpoilCell(CliRunner cli, string file, string column, string value)
    {
        string[] lines = File.ReadAllLines(cli.PathOf(file));
        int at = Array.IndexOf(lines[0].Split(','), column);
        string[] cells = lines[1].Split(',');
        cells[at] = "\"" + value + "\"";
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(cli.PathOf(file), lines);
    }
}
