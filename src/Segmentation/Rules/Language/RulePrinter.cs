using System.Globalization;
using System.Text;

namespace Segmentation.Rules.Language;

/// <summary>Prints a condition as text that parses back to the same tree, with only the parentheses precedence needs.</summary>
internal static class RulePrinter
{
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int PredicateLevel = 4;
    private const int SumLevel = 5;
    private const int ProductLevel = 6;
    private const int UnaryLevel = 7;
    private const int OperandLevel = 8;

    public static string Print(Expr expr)
    {
        var text = new StringBuilder();
        Write(text, expr, OrLevel);
        return text.ToString();
    }

    public static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "==",
        _ => "!=",
    };

    /// <summary>A feature name as the language reads it: bare when it is a plain identifier, otherwise in backticks.</summary>
    public static string Name(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !RuleParser.IsKeyword(name);
        return plain ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    public static string Text(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int Level(Expr expr) => expr switch
    {
        Logical { Operator: LogicalOperator.Or } => OrLevel,
        Logical => AndLevel,
        Not => NotLevel,
        Comparison or Between or InList or IsMissing => PredicateLevel,
        Arithmetic { Operator: ArithmeticOperator.Add or ArithmeticOperator.Subtract } => SumLevel,
        Arithmetic => ProductLevel,
        Negate => UnaryLevel,
        _ => OperandLevel,
    };

    private static void Write(StringBuilder text, Expr expr, int minLevel)
    {
        bool parenthesize = Level(expr) < minLevel;
        if (parenthesize)
        {
            text.Append('(');
        }

        switch (expr)
        {
            case NumberLiteral n:
                text.Append(Number(n.Value));
                break;
            case TextLiteral t:
                text.Append(Text(t.Value));
                break;
            case BooleanLiteral b:
                text.Append(b.Value ? "true" : "false");
                break;
            case FeatureRef f:
                text.Append(Name(f.Name));
                break;
            case Negate n:
                text.Append('-');
                Write(text, n.Operand, UnaryLevel);
                break;
            case Arithmetic a:
                // The chain is written in a loop (its left operands need no parentheses): a long chain is a deep tree.
                int level = Level(a);
                (Expr first, List<(ArithmeticOperator Operator, Expr Operand)> rest) = RuleCompiler.Chain(a);
                Write(text, first, level);
                foreach ((ArithmeticOperator op, Expr operand) in rest)
                {
                    text.Append(op switch
                    {
                        ArithmeticOperator.Add => " + ",
                        ArithmeticOperator.Subtract => " - ",
                        ArithmeticOperator.Multiply => " * ",
                        _ => " / ",
                    });
                    Write(text, operand, level + 1);
                }

                break;
            case Comparison c:
                Write(text, c.Left, SumLevel);
                text.Append(' ').Append(Operator(c.Operator)).Append(' ');
                Write(text, c.Right, SumLevel);
                break;
            case Between b:
                Write(text, b.Value, SumLevel);
                text.Append(b.Negated ? " not between " : " between ");
                Write(text, b.Low, SumLevel);
                text.Append(" and ");
                Write(text, b.High, SumLevel);
                break;
            case InList i:
                Write(text, i.Value, SumLevel);
                text.Append(i.Negated ? " not in (" : " in (");
                for (int k = 0; k < i.Items.Length; k++)
                {
                    if (k > 0)
                    {
                        text.Append(", ");
                    }

                    Write(text, i.Items[k], SumLevel);
                }

                text.Append(')');
                break;
            case IsMissing m:
                Write(text, m.Value, SumLevel);
                text.Append(m.Negated ? " is not missing" : " is missing");
                break;
            case Logical l:
                int logicalLevel = Level(l);
                List<Expr> operands = RuleCompiler.Chain(l);
                Write(text, operands[0], logicalLevel);
                for (int k = 1; k < operands.Count; k++)
                {
                    text.Append(l.Operator == LogicalOperator.And ? " and " : " or ");
                    Write(text, operands[k], logicalLevel + 1);
                }

                break;
            case Not n:
                text.Append("not ");
                Write(text, n.Operand, NotLevel);
                break;
            case FunctionCall f:
                text.Append(f.Name).Append('(');
                Write(text, f.Argument, OrLevel);
                text.Append(')');
                break;
            default:
                throw new InvalidOperationException($"Unknown node {expr.GetType().Name}.");
        }

        if (parenthesize)
        {
            text.Append(')');
        }
    }
}
