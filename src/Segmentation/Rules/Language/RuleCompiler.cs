using Segmentation.Data;

namespace Segmentation.Rules.Language;

/// <summary>
/// Binds a parsed condition to a schema (feature names to columns, text features to their one-hot level columns or
/// to a <see cref="FeatureKind.Text"/> column), checks that numbers and conditions are used where each belongs, and
/// builds the evaluation nodes. Every problem is collected with its position, so that one load reports all of them.
/// </summary>
/// <remarks>
/// Chains (<c>a or b or ...</c>, <c>a + b - ...</c>) become one n-ary node, walked in a loop: the parser caps nesting
/// (<see cref="RuleParser.MaxDepth"/>), so recursion here and in evaluation stays shallow whatever the text.
/// </remarks>
internal sealed class RuleCompiler
{
    /// <summary>Text columns with more levels than this are not listed: an unknown level is false rather than an error.</summary>
    public const int MaxListedLevels = 100;

    private readonly FeatureSchema _schema;
    private readonly List<RuleParseException> _errors = [];

    private RuleCompiler(FeatureSchema schema) => _schema = schema;

    /// <summary>Compiles <paramref name="condition"/>; <paramref name="errors"/> is empty when it succeeded.</summary>
    public static ConditionNode Compile(Expr condition, FeatureSchema schema, out IReadOnlyList<RuleParseException> errors)
    {
        var compiler = new RuleCompiler(schema);
        ConditionNode node = compiler.Condition(condition);
        errors = compiler._errors;
        return node;
    }

    /// <summary>Compiles a number-valued expression (for example the overflow order of a capacity).</summary>
    public static NumberNode CompileNumber(Expr expression, FeatureSchema schema, out IReadOnlyList<RuleParseException> errors)
    {
        var compiler = new RuleCompiler(schema);
        NumberNode node = compiler.Number(expression);
        errors = compiler._errors;
        return node;
    }

    /// <summary>The feature names a condition reads, in order of first appearance.</summary>
    public static IReadOnlyList<string> FeaturesOf(Expr expr)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // An explicit stack, children pushed in reverse so they pop in reading order: a long chain is a deep tree.
        var pending = new Stack<Expr>();
        pending.Push(expr);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case FeatureRef f when seen.Add(f.Name):
                    names.Add(f.Name);
                    break;
                case Negate n: pending.Push(n.Operand); break;
                case Not n: pending.Push(n.Operand); break;
                case Arithmetic a: pending.Push(a.Right); pending.Push(a.Left); break;
                case Comparison c: pending.Push(c.Right); pending.Push(c.Left); break;
                case Logical l: pending.Push(l.Right); pending.Push(l.Left); break;
                case Between b: pending.Push(b.High); pending.Push(b.Low); pending.Push(b.Value); break;
                case InList i:
                    for (int k = i.Items.Length - 1; k >= 0; k--)
                    {
                        pending.Push(i.Items[k]);
                    }

                    pending.Push(i.Value);
                    break;
                case IsMissing m: pending.Push(m.Value); break;
                case FunctionCall f: pending.Push(f.Argument); break;
            }
        }

        return names;
    }

    /// <summary>The operands of a chain of one logical operator, in reading order (<c>a or b or c</c>: a, b, c).</summary>
    public static List<Expr> Chain(Logical logical)
    {
        var operands = new List<Expr>();
        Expr e = logical;
        while (e is Logical l && l.Operator == logical.Operator)
        {
            operands.Add(l.Right);
            e = l.Left;
        }

        operands.Add(e);
        operands.Reverse();
        return operands;
    }

    /// <summary>A chain of <c>+ -</c> (or of <c>* /</c>) in reading order: <c>a - b + c</c> is a, then (-, b), (+, c).</summary>
    public static (Expr First, List<(ArithmeticOperator Operator, Expr Operand)> Others) Chain(Arithmetic arithmetic)
    {
        bool sum = IsSum(arithmetic.Operator);
        var rest = new List<(ArithmeticOperator, Expr)>();
        Expr e = arithmetic;
        while (e is Arithmetic a && IsSum(a.Operator) == sum)
        {
            rest.Add((a.Operator, a.Right));
            e = a.Left;
        }

        rest.Reverse();
        return (e, rest);
    }

    private static bool IsSum(ArithmeticOperator op) => op is ArithmeticOperator.Add or ArithmeticOperator.Subtract;

    /// <summary>The one-hot level columns of text feature <paramref name="name"/> (columns of kind Categorical whose Source is the name).</summary>
    public static int[] LevelColumns(FeatureSchema schema, string name) =>
        [.. Enumerable.Range(0, schema.Count).Where(j => schema[j].Kind == FeatureKind.Categorical && schema[j].Source == name)];

    /// <summary>The level a one-hot column stands for: <c>plan=Enterprise</c> → <c>Enterprise</c>.</summary>
    public static string LevelName(FeatureColumn column) =>
        column.Source is { } source && column.Name.StartsWith(source + "=", StringComparison.Ordinal) ? column.Name[(source.Length + 1)..] : column.Name;

    private ConditionNode Condition(Expr expr)
    {
        switch (expr)
        {
            case BooleanLiteral b:
                return new ConstantCondition(b.Value ? RuleTruth.True : RuleTruth.False);
            case Logical l:
                return new LogicalCondition(l.Operator, [.. Chain(l).Select(Condition)]);
            case Not n:
                return new NotCondition(Condition(n.Operand));
            case Comparison c when (IsBinaryFeature(c.Left) && IsYesNoLiteral(c.Right)) || (IsBinaryFeature(c.Right) && IsYesNoLiteral(c.Left)):
                return YesNoComparison(c);
            case Comparison c when IsText(c.Left) || IsText(c.Right):
                return TextComparison(c);
            case Comparison c:
                return new CompareCondition(c.Operator, Number(c.Left), Number(c.Right));
            case Between b:
                NumberNode value = Number(b.Value);
                ConditionNode between = new LogicalCondition(
                    LogicalOperator.And,
                    new CompareCondition(ComparisonOperator.GreaterOrEqual, value, Number(b.Low)),
                    new CompareCondition(ComparisonOperator.LessOrEqual, value, Number(b.High)));
                return b.Negated ? new NotCondition(between) : between;
            case InList i when IsText(i.Value):
                ConditionNode levels = TextFeature(i.Value, i.Items, i.Position) is { } node ? node : Dummy;
                return i.Negated ? new NotCondition(levels) : levels;
            case InList i:
                NumberNode x = Number(i.Value);
                string? yesNo = IsBinaryFeature(i.Value) ? ((FeatureRef)i.Value).Name : null;
                ConditionNode any = new LogicalCondition(LogicalOperator.Or, [.. i.Items.Select(item =>
                    (ConditionNode)new CompareCondition(ComparisonOperator.Equal, x, yesNo is null ? Number(item) : YesNo(item, yesNo)))]);
                return i.Negated ? new NotCondition(any) : any;
            case IsMissing m when m.Value is FeatureRef f && TextColumn(f.Name) is int textColumn and >= 0:
                ConditionNode isMissing = new TextLevelCondition(textColumn, [], testMissing: true);
                return m.Negated ? new NotCondition(isMissing) : isMissing;
            case IsMissing m when m.Value is FeatureRef f && IsTextFeature(f.Name):
                var missing = new LevelCondition([], LevelColumns(_schema, f.Name), testMissing: true);
                return m.Negated ? new NotCondition(missing) : missing;
            case IsMissing m:
                return new MissingCondition(Number(m.Value), m.Negated);
            case TextLiteral t:
                return Error(t.Position, $"the text {RulePrinter.Text(t.Value)} at position {t.Position} is not a condition; compare a text feature with it, for example plan == {RulePrinter.Text(t.Value)}");
            case FeatureRef f when IsTextFeature(f.Name):
                return Error(f.Position, $"'{f.Name}' at position {f.Position} is a text feature, not a condition; compare it, for example {RulePrinter.Name(f.Name)} == {RulePrinter.Text(Levels(f.Name).FirstOrDefault() ?? "level")}");
            default:
                // A number used as a condition: true when not zero (so a yes/no feature such as has_sso reads naturally).
                return new TruthyCondition(Number(expr));
        }
    }

    private NumberNode Number(Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return new ConstantNumber(n.Value);
            case FeatureRef f:
                int column = _schema.IndexOf(f.Name);
                if (column >= 0 && _schema[column].Kind != FeatureKind.Text)
                {
                    return new ColumnNumber(column);
                }

                if (IsTextFeature(f.Name))
                {
                    return NumberError(f.Position, $"'{f.Name}' at position {f.Position} is a text feature (levels {ListLevels(Levels(f.Name))}); compare it with == \"level\" or in (...), not as a number");
                }

                return NumberError(f.Position, UnknownFeature(f));
            case Negate n:
                return new NegateNumber(Number(n.Operand));
            case Arithmetic a:
                (Expr first, List<(ArithmeticOperator Operator, Expr Operand)> rest) = Chain(a);
                return new ArithmeticNumber(Number(first), [.. rest.Select(r => (r.Operator, Number(r.Operand)))]);
            case FunctionCall { Name: RuleFunctions.Abs } f:
                return new AbsNumber(Number(f.Argument));
            case FunctionCall { Name: RuleFunctions.Percentile } f:
                return new PercentileNumber(Number(f.Argument), RulePrinter.Print(f));
            case FunctionCall f:
                return new AggregateNumber(f.Name, Number(f.Argument), RulePrinter.Print(f));
            case TextLiteral t:
                return NumberError(t.Position, $"the text {RulePrinter.Text(t.Value)} at position {t.Position} can only be compared with a text feature (such as plan) using ==, != or in");
            default:
                return NumberError(expr.Position, $"expected a number at position {expr.Position}, but '{RulePrinter.Print(expr)}' is a condition");
        }
    }

    private ConditionNode TextComparison(Comparison c)
    {
        if (c.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            return Error(c.Position, $"'{RulePrinter.Print(c)}' at position {c.Position} orders text; text features can only be compared with == or != or tested with in (...)");
        }

        (Expr feature, Expr literal) = c.Right is TextLiteral || (c.Left is FeatureRef left && IsTextFeature(left.Name)) ? (c.Left, c.Right) : (c.Right, c.Left);
        ConditionNode? node = TextFeature(feature, [literal], c.Position);
        if (node is null)
        {
            return Dummy;
        }

        return c.Operator == ComparisonOperator.NotEqual ? new NotCondition(node) : node;
    }

    /// <summary>A text feature tested against text literals; null after reporting an error.</summary>
    private ConditionNode? TextFeature(Expr feature, IEnumerable<Expr> literals, int position)
    {
        if (feature is not FeatureRef f || !IsTextFeature(f.Name))
        {
            string what = feature is FeatureRef numeric && _schema.IndexOf(numeric.Name) >= 0
                ? $"'{numeric.Name}' is a number, not a text feature"
                : feature is FeatureRef unknown ? UnknownFeature(unknown)
                : $"'{RulePrinter.Print(feature)}' is not a text feature";
            Error(feature.Position, $"text at position {position} can only be compared with a text feature (a CSV column of text): {what}");
            return null;
        }

        int textColumn = TextColumn(f.Name);
        int[] all = textColumn >= 0 ? [] : LevelColumns(_schema, f.Name);
        string[] known = Levels(f.Name);
        var levelIndex = new Dictionary<string, int>(known.Length, StringComparer.Ordinal);
        for (int k = 0; k < known.Length; k++)
        {
            // For a text column a level is its position in the column's levels; for one-hot levels, its column.
            levelIndex.TryAdd(known[k], textColumn >= 0 ? k : all[k]);
        }
        var matching = new List<int>();
        foreach (Expr literal in literals)
        {
            if (literal is not TextLiteral t)
            {
                Error(literal.Position, $"'{f.Name}' is a text feature, so the value at position {literal.Position} must be text in quotes, such as {RulePrinter.Text(known.FirstOrDefault() ?? "level")}");
                continue;
            }

            if (levelIndex.TryGetValue(t.Value, out int level))
            {
                matching.Add(level);
            }
            else if (textColumn < 0 || known.Length <= MaxListedLevels)
            {
                string? closest = NameSuggestions.Closest(t.Value, known, 1) is [string first, ..] ? first : null;
                string hint = closest is null ? "; known levels:" : $"; did you mean {RulePrinter.Text(closest)}? Known levels:";
                Error(t.Position, $"'{f.Name}' has no level {RulePrinter.Text(t.Value)} (position {t.Position}){hint} {ListLevels(known)}");
            }

            // Otherwise the column has too many levels to list (a country or company column): a level absent from
            // this file is simply false for everyone.
        }

        if (textColumn >= 0)
        {
            var match = new bool[known.Length];
            foreach (int level in matching)
            {
                match[level] = true;
            }

            return new TextLevelCondition(textColumn, match, testMissing: false);
        }

        return new LevelCondition([.. matching], all, testMissing: false);
    }

    /// <summary><c>churned == "yes"</c>, <c>has_sso != false</c>: a yes/no feature against a yes/no word, as 1 or 0.</summary>
    private ConditionNode YesNoComparison(Comparison c)
    {
        (Expr feature, Expr literal) = IsBinaryFeature(c.Left) && IsYesNoLiteral(c.Right) ? (c.Left, c.Right) : (c.Right, c.Left);
        string name = ((FeatureRef)feature).Name;
        if (c.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            return Error(c.Position, $"'{RulePrinter.Print(c)}' at position {c.Position} orders a yes/no value; compare '{name}' with == or != and \"yes\" or \"no\"");
        }

        return new CompareCondition(c.Operator, Number(feature), YesNo(literal, name));
    }

    /// <summary>A value compared with yes/no feature <paramref name="feature"/>: yes/no words and true/false become 1/0.</summary>
    private NumberNode YesNo(Expr value, string feature) => value switch
    {
        BooleanLiteral b => new ConstantNumber(b.Value ? 1 : 0),
        TextLiteral t when !CsvValues.IsMissing(t.Value) && CsvValues.TryParseBoolean(t.Value, out double flag) => new ConstantNumber(flag),
        TextLiteral t => NumberError(t.Position, $"'{feature}' is a yes/no feature, so the text {RulePrinter.Text(t.Value)} at position {t.Position} must be a yes/no word: yes, no, true, false, y, n, t, f, 1 or 0"),
        _ => Number(value),
    };

    private static bool IsYesNoLiteral(Expr expr) => expr is TextLiteral or BooleanLiteral;

    private bool IsBinaryFeature(Expr expr) => expr is FeatureRef f && _schema.IndexOf(f.Name) is int j and >= 0 && _schema[j].Kind == FeatureKind.Binary;

    /// <summary>The <see cref="FeatureKind.Text"/> column named <paramref name="name"/>, or -1.</summary>
    private int TextColumn(string name) => _schema.IndexOf(name) is int j and >= 0 && _schema[j].Kind == FeatureKind.Text ? j : -1;

    /// <summary>At most 20 levels, then how many more: a 10,000-level column must not flood the message.</summary>
    private static string ListLevels(string[] levels) =>
        levels.Length <= 20 ? string.Join(", ", levels) : $"{string.Join(", ", levels.Take(20))} and {(levels.Length - 20).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} more";

    private bool IsText(Expr expr) => expr is TextLiteral || (expr is FeatureRef f && IsTextFeature(f.Name));

    private bool IsTextFeature(string name) => TextColumn(name) >= 0 || (_schema.IndexOf(name) < 0 && LevelColumns(_schema, name).Length > 0);

    private string[] Levels(string name) => TextColumn(name) is int j and >= 0
        ? [.. _schema[j].Levels ?? []]
        : [.. LevelColumns(_schema, name).Select(j => LevelName(_schema[j]))];

    private string UnknownFeature(FeatureRef f)
    {
        IEnumerable<string> known = _schema.Select(c => c.Name)
            .Concat(_schema.Where(c => c.Kind == FeatureKind.Categorical && c.Source is not null).Select(c => c.Source!));
        IReadOnlyList<string> closest = NameSuggestions.Closest(f.Name, known);
        string hint = closest.Count == 0
            ? $"; known features: {string.Join(", ", known.Distinct().Take(20))}"
            : $"; did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?";
        return $"unknown feature '{f.Name}' at position {f.Position}{hint}";
    }

    private static readonly ConditionNode Dummy = new ConstantCondition(RuleTruth.Unknown);

    private ConditionNode Error(int position, string message)
    {
        _errors.Add(new RuleParseException(position, message));
        return Dummy;
    }

    private NumberNode NumberError(int position, string message)
    {
        _errors.Add(new RuleParseException(position, message));
        return new ConstantNumber(double.NaN);
    }
}
