using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Rules;
using Segmentation.Rules.Language;

namespace Segmentation.Tests.Rules;

public class RuleGrammarPropertyTests
{
    private static readonly string[] Levels = ["A", "B", "Big Co"];

    private static readonly FeatureSchema Schema = new(
    [
        new FeatureColumn("a"),
        new FeatureColumn("b"),
        new FeatureColumn("c_2"),
        new FeatureColumn("plan=A", FeatureKind.Categorical, "plan"),
        new FeatureColumn("plan=B", FeatureKind.Categorical, "plan"),
        new FeatureColumn("plan=Big Co", FeatureKind.Categorical, "plan"),
    ]);

    private static readonly double[] Numbers = [0, 1, 2, 2.5, 10, 100, 0.001, 1e20, 123456.789];

    private static readonly double[] CellValues = [-2, -1, 0, 1, 2, 2.5, 10, 100];

    private static Gen<Expr> NumberExpr(int size)
    {
        Gen<Expr> leaf = Gen.OneOf(
            Gen.Elements(Numbers).Select(v => (Expr)new NumberLiteral(v)),
            Gen.Elements("a", "b", "c_2", "plan=A").Select(n => (Expr)new FeatureRef(n)));
        if (size <= 0)
        {
            return leaf;
        }

        Gen<Expr> smaller = Gen.Sized(_ => NumberExpr(size / 2));
        return Gen.Frequency(
            (3, leaf),
            (1, smaller.Select(e => (Expr)new Negate(e))),
            (3, from op in Gen.Elements(Enum.GetValues<ArithmeticOperator>())
                from l in smaller
                from r in smaller
                select (Expr)new Arithmetic(op, l, r)),
            (1, from f in Gen.Elements(RuleFunctions.All.ToArray())
                from arg in smaller
                select (Expr)new FunctionCall(f, arg)));
    }

    private static Gen<Expr> ConditionExpr(int size)
    {
        Gen<Expr> number = NumberExpr(Math.Min(size, 4));
        Gen<Expr> level = Gen.Elements(Levels).Select(l => (Expr)new TextLiteral(l));
        Gen<Expr> plan = Gen.Constant((Expr)new FeatureRef("plan"));
        Gen<Expr> leaf = Gen.OneOf(
            from op in Gen.Elements(Enum.GetValues<ComparisonOperator>())
            from l in number
            from r in number
            select (Expr)new Comparison(op, l, r),
            from v in number
            from neg in Gen.Elements(true, false)
            select (Expr)new IsMissing(v, neg),
            Gen.Elements(true, false).Select(b => (Expr)new BooleanLiteral(b)),
            Gen.Elements("a", "b").Select(n => (Expr)new FeatureRef(n)),
            from op in Gen.Elements(ComparisonOperator.Equal, ComparisonOperator.NotEqual)
            from l in level
            from flip in Gen.Elements(true, false)
            select (Expr)(flip ? new Comparison(op, l, new FeatureRef("plan")) : new Comparison(op, new FeatureRef("plan"), l)),
            from items in Gen.NonEmptyListOf(level)
            from neg in Gen.Elements(true, false)
            select (Expr)new InList(new FeatureRef("plan"), [.. items.Take(3)], neg),
            from neg in Gen.Elements(true, false)
            from p in plan
            select (Expr)new IsMissing(p, neg),
            from v in number
            from lo in number
            from hi in number
            from neg in Gen.Elements(true, false)
            select (Expr)new Between(v, lo, hi, neg),
            from v in number
            from items in Gen.NonEmptyListOf(number)
            from neg in Gen.Elements(true, false)
            select (Expr)new InList(v, [.. items.Take(3)], neg));
        if (size <= 0)
        {
            return leaf;
        }

        Gen<Expr> smaller = Gen.Sized(_ => ConditionExpr(size / 2));
        return Gen.Frequency(
            (2, leaf),
            (1, smaller.Select(e => (Expr)new Not(e))),
            (3, from op in Gen.Elements(LogicalOperator.And, LogicalOperator.Or)
                from l in smaller
                from r in smaller
                select (Expr)new Logical(op, l, r)));
    }

    private static Gen<double[][]> Rows =>
        from n in Gen.Choose(1, 25)
        from rows in Gen.ArrayOf(RowGen, n)
        select rows;

    private static Gen<double[]> RowGen =>
        from a in CellGen
        from b in CellGen
        from c in CellGen
        from level in Gen.Choose(-1, Levels.Length - 1)
        select new[] { a, b, c, level == 0 ? 1.0 : 0.0, level == 1 ? 1.0 : 0.0, level == 2 ? 1.0 : 0.0 };

    private static Gen<double> CellGen => Gen.Frequency((1, Gen.Constant(double.NaN)), (4, Gen.Elements(CellValues)));

    [Property(MaxTest = 500)]
    public Property Print_ThenParse_GivesTheSameTree()
    {
        Gen<Expr> trees = Gen.Sized(s => ConditionExpr(Math.Min(s, 12)));
        return Prop.ForAll(Arb.From(trees), tree =>
        {
            string text = RulePrinter.Print(tree);
            Expr reparsed = RuleParser.Parse(text);
            return reparsed.Equals(tree).Label(text);
        });
    }

    [Property(MaxTest = 300)]
    public Property Print_AnyTextAndNames_RoundTripThroughQuoting()
    {
        Gen<string> tricky = Gen.Elements("x", "a\"b", "it's", "", " spaced ", "`tick`", "and", "plan=Big Co", "é");
        Gen<Expr> trees =
            from name in tricky.Where(n => n.Length > 0)
            from text in tricky
            select (Expr)new Comparison(ComparisonOperator.Equal, new FeatureRef(name), new TextLiteral(text));
        return Prop.ForAll(Arb.From(trees), tree =>
        {
            string printed = RulePrinter.Print(tree);
            return RuleParser.Parse(printed).Equals(tree).Label(printed);
        });
    }

    [Property(MaxTest = 400)]
    public Property Evaluate_RandomConditionsAndMissingData_AgreesWithReferenceEvaluator()
    {
        Gen<(Expr Tree, double[][] Rows)> cases =
            from tree in Gen.Sized(s => ConditionExpr(Math.Min(s, 10)))
            from rows in Rows
            select (tree, rows);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            FeatureMatrix data = FeatureMatrix.FromSpan([.. c.Rows.SelectMany(r => r)], Schema.Count, Schema);
            string text = RulePrinter.Print(c.Tree);
            var actual = new RuleTruth[data.RowCount];
            Rule.Parse("s", text).Evaluate(data, actual);
            var reference = new ReferenceEvaluator(c.Rows);
            RuleTruth[] expected = [.. Enumerable.Range(0, c.Rows.Length).Select(i => reference.Condition(c.Tree, i))];
            return actual.SequenceEqual(expected).Label($"{text}: actual {string.Join(",", actual)} expected {string.Join(",", expected)}");
        });
    }

    [Property(MaxTest = 150)]
    public Property Segment_RandomRuleLists_FirstTrueRuleWinsElseException()
    {
        Gen<(Expr[] Conditions, double[][] Rows)> cases =
            from count in Gen.Choose(1, 4)
            from conditions in Gen.ArrayOf(Gen.Sized(s => ConditionExpr(Math.Min(s, 6))), count)
            from rows in Rows
            select (conditions, rows);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            FeatureMatrix data = FeatureMatrix.FromSpan([.. c.Rows.SelectMany(r => r)], Schema.Count, Schema);
            var dimension = new RuleDimension("d", c.Conditions.Select((e, k) => Rule.Parse($"S{k}", RulePrinter.Print(e))));
            RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(dimension)).Segment(data);
            var reference = new ReferenceEvaluator(c.Rows);
            string[] expected = [.. Enumerable.Range(0, c.Rows.Length).Select(i =>
            {
                int first = Array.FindIndex(c.Conditions, e => reference.Condition(e, i) == RuleTruth.True);
                return first < 0 ? RuleSet.DefaultExceptionSegment : $"S{first}";
            })];
            string[] actual = [.. Enumerable.Range(0, c.Rows.Length).Select(i => result.Segment(0, i))];
            return actual.SequenceEqual(expected).Label($"actual {string.Join(",", actual)} expected {string.Join(",", expected)}");
        });
    }

    /// <summary>
    /// A deliberately plain row-at-a-time evaluator written from the language reference (nullable bool for three-valued
    /// logic), independent of the compiled column-wise evaluator.
    /// </summary>
    private sealed class ReferenceEvaluator(double[][] rows)
    {
        public RuleTruth Condition(Expr e, int row) => Truth(Eval(e, row));

        private static RuleTruth Truth(bool? b) => b is null ? RuleTruth.Unknown : b.Value ? RuleTruth.True : RuleTruth.False;

        private bool? Eval(Expr e, int row)
        {
            switch (e)
            {
                case BooleanLiteral b: return b.Value;
                case Logical { Operator: LogicalOperator.And } l:
                    {
                        bool? x = Eval(l.Left, row);
                        bool? y = Eval(l.Right, row);
                        if (x == false || y == false) return false;
                        if (x is null || y is null) return null;
                        return true;
                    }

                case Logical l:
                    {
                        bool? x = Eval(l.Left, row);
                        bool? y = Eval(l.Right, row);
                        if (x == true || y == true) return true;
                        if (x is null || y is null) return null;
                        return false;
                    }

                case Not n: return !Eval(n.Operand, row);
                case Comparison c when c.Left is TextLiteral || c.Right is TextLiteral:
                    {
                        string level = ((TextLiteral)(c.Left is TextLiteral ? c.Left : c.Right)).Value;
                        string? actual = Level(row);
                        if (actual is null) return null;
                        return c.Operator == ComparisonOperator.Equal ? actual == level : actual != level;
                    }

                case Comparison c: return Compare(c.Operator, Number(c.Left, row), Number(c.Right, row));
                case Between b:
                    {
                        double x = Number(b.Value, row);
                        bool? low = Compare(ComparisonOperator.GreaterOrEqual, x, Number(b.Low, row));
                        bool? high = Compare(ComparisonOperator.LessOrEqual, x, Number(b.High, row));
                        bool? within = low == false || high == false ? false : low is null || high is null ? null : true;
                        return b.Negated ? !within : within;
                    }

                case InList i when i.Value is FeatureRef { Name: "plan" }:
                    {
                        string? actual = Level(row);
                        bool? found = actual is null ? null : i.Items.Any(t => ((TextLiteral)t).Value == actual);
                        return i.Negated ? !found : found;
                    }

                case InList i:
                    {
                        double x = Number(i.Value, row);
                        bool? any = false;
                        foreach (Expr item in i.Items)
                        {
                            bool? eq = Compare(ComparisonOperator.Equal, x, Number(item, row));
                            any = any == true || eq == true ? true : any is null || eq is null ? null : false;
                        }

                        return i.Negated ? !any : any;
                    }

                case IsMissing m when m.Value is FeatureRef { Name: "plan" }: return (Level(row) is null) != m.Negated;
                case IsMissing m: return double.IsNaN(Number(m.Value, row)) != m.Negated;
                default:
                    double v = Number(e, row);
                    return double.IsNaN(v) ? null : v != 0;
            }
        }

        private static bool? Compare(ComparisonOperator op, double x, double y)
        {
            if (double.IsNaN(x) || double.IsNaN(y)) return null;
            return op switch
            {
                ComparisonOperator.Less => x < y,
                ComparisonOperator.LessOrEqual => x <= y,
                ComparisonOperator.Greater => x > y,
                ComparisonOperator.GreaterOrEqual => x >= y,
                ComparisonOperator.Equal => x == y,
                _ => x != y,
            };
        }

        private string? Level(int row)
        {
            for (int k = 0; k < Levels.Length; k++)
            {
                if (rows[row][3 + k] == 1) return Levels[k];
            }

            return null;
        }

        private double Number(Expr e, int row)
        {
            switch (e)
            {
                case NumberLiteral n: return n.Value;
                case FeatureRef f: return rows[row][Schema.GetIndex(f.Name)];
                case Negate n: return -Number(n.Operand, row);
                case Arithmetic a:
                    double x = Number(a.Left, row);
                    double y = Number(a.Right, row);
                    return a.Operator switch
                    {
                        ArithmeticOperator.Add => x + y,
                        ArithmeticOperator.Subtract => x - y,
                        ArithmeticOperator.Multiply => x * y,
                        _ => y == 0 ? double.NaN : x / y,
                    };
                case FunctionCall { Name: "abs" } f: return Math.Abs(Number(f.Argument, row));
                case FunctionCall f:
                    double[] all = [.. Enumerable.Range(0, rows.Length).Select(i => Number(f.Argument, i))];
                    double[] present = [.. all.Where(v => !double.IsNaN(v))];
                    if (f.Name == "percentile")
                    {
                        double mine = all[row];
                        return double.IsNaN(mine) ? double.NaN : (double)present.Count(v => v <= mine) / present.Length;
                    }

                    if (present.Length == 0) return double.NaN;
                    if (f.Name == "mean")
                    {
                        double sum = 0;
                        foreach (double v in present) sum += v;
                        return sum / present.Length;
                    }

                    Array.Sort(present);
                    int mid = present.Length / 2;
                    return present.Length % 2 == 1 ? present[mid] : present[mid - 1] + ((present[mid] - present[mid - 1]) * 0.5);
                default:
                    throw new InvalidOperationException($"Not a number: {e.GetType().Name}");
            }
        }
    }
}
