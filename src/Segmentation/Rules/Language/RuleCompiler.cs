namespace Segmentation.Rules.Language;

/// <summary>
/// Binds a parsed condition to a schema (feature names to columns, text features to their one-hot level columns),
/// checks that numbers and conditions are used where each belongs, and builds the evaluation nodes. Every problem is
/// collected with its position, so that one load reports all of them.
/// </summary>
internal sealed class RuleCompiler
{
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
        void Visit(Expr e)
        {
            switch (e)
            {
                case FeatureRef f when !names.Contains(f.Name):
                    names.Add(f.Name);
                    break;
                case Negate n: Visit(n.Operand); break;
                case Not n: Visit(n.Operand); break;
                case Arithmetic a: Visit(a.Left); Visit(a.Right); break;
                case Comparison c: Visit(c.Left); Visit(c.Right); break;
                case Logical l: Visit(l.Left); Visit(l.Right); break;
                case Between b: Visit(b.Value); Visit(b.Low); Visit(b.High); break;
                case InList i:
                    Visit(i.Value);
                    foreach (Expr item in i.Items)
                    {
                        Visit(item);
                    }

                    break;
                case IsMissing m: Visit(m.Value); break;
                case FunctionCall f: Visit(f.Argument); break;
            }
        }

        Visit(expr);
        return names;
    }

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
                return new LogicalCondition(l.Operator, Condition(l.Left), Condition(l.Right));
            case Not n:
                return new NotCondition(Condition(n.Operand));
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
                ConditionNode any = new CompareCondition(ComparisonOperator.Equal, x, Number(i.Items[0]));
                for (int k = 1; k < i.Items.Length; k++)
                {
                    any = new LogicalCondition(LogicalOperator.Or, any, new CompareCondition(ComparisonOperator.Equal, x, Number(i.Items[k])));
                }

                return i.Negated ? new NotCondition(any) : any;
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
                if (column >= 0)
                {
                    return new ColumnNumber(column);
                }

                if (IsTextFeature(f.Name))
                {
                    return NumberError(f.Position, $"'{f.Name}' at position {f.Position} is a text feature (levels {string.Join(", ", Levels(f.Name))}); compare it with == \"level\" or in (...), not as a number");
                }

                return NumberError(f.Position, UnknownFeature(f));
            case Negate n:
                return new NegateNumber(Number(n.Operand));
            case Arithmetic a:
                return new ArithmeticNumber(a.Operator, Number(a.Left), Number(a.Right));
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
    private LevelCondition? TextFeature(Expr feature, IEnumerable<Expr> literals, int position)
    {
        if (feature is not FeatureRef f || !IsTextFeature(f.Name))
        {
            string what = feature is FeatureRef numeric && _schema.IndexOf(numeric.Name) >= 0
                ? $"'{numeric.Name}' is a number, not a text feature"
                : feature is FeatureRef unknown ? UnknownFeature(unknown)
                : $"'{RulePrinter.Print(feature)}' is not a text feature";
            Error(feature.Position, $"text at position {position} can only be compared with a text feature (a CSV column of text, one-hot encoded as name=level): {what}");
            return null;
        }

        int[] all = LevelColumns(_schema, f.Name);
        var matching = new List<int>();
        foreach (Expr literal in literals)
        {
            if (literal is not TextLiteral t)
            {
                Error(literal.Position, $"'{f.Name}' is a text feature, so the value at position {literal.Position} must be text in quotes, such as {RulePrinter.Text(Levels(f.Name)[0])}");
                continue;
            }

            int level = all.FirstOrDefault(j => LevelName(_schema[j]) == t.Value, -1);
            if (level < 0)
            {
                string[] known = Levels(f.Name);
                string? closest = NameSuggestions.Closest(t.Value, known, 1).FirstOrDefault();
                string hint = closest is null ? string.Empty : $"; did you mean {RulePrinter.Text(closest)}?";
                Error(t.Position, $"'{f.Name}' has no level {RulePrinter.Text(t.Value)} (position {t.Position}){hint} Known levels: {string.Join(", ", known)}");
                continue;
            }

            matching.Add(level);
        }

        return new LevelCondition([.. matching], all, testMissing: false);
    }

    private bool IsText(Expr expr) => expr is TextLiteral || (expr is FeatureRef f && IsTextFeature(f.Name));

    private bool IsTextFeature(string name) => _schema.IndexOf(name) < 0 && LevelColumns(_schema, name).Length > 0;

    private string[] Levels(string name) => [.. LevelColumns(_schema, name).Select(j => LevelName(_schema[j]))];

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
