using System.Collections.Immutable;

namespace Segmentation.Rules.Language;

/// <summary>
/// Recursive-descent parser of conditions. Precedence, lowest first: <c>or</c>; <c>and</c>; <c>not</c>; a predicate
/// (comparison, <c>between</c>, <c>in</c>, <c>is [not] missing</c>); <c>+ -</c>; <c>* /</c>; unary <c>-</c>; operands.
/// </summary>
/// <remarks>
/// Chains (<c>a or b or ...</c>, <c>a + b + ...</c>) are read by loops and <c>in</c> lists are flat, so they cost no
/// recursion; only nesting recurses (parentheses, <c>not</c>, unary <c>-</c>, function arguments), and it is capped at
/// <see cref="MaxDepth"/> levels so that no text can overflow the stack, here or in the compiler and evaluator.
/// </remarks>
internal sealed class RuleParser
{
    /// <summary>The longest condition accepted, in characters (64 KB).</summary>
    public const int MaxLength = 65_536;

    /// <summary>The deepest nesting accepted: parentheses, <c>not</c>, unary <c>-</c> and function calls each add a level.</summary>
    public const int MaxDepth = 100;

    private static readonly string[] Keywords = ["and", "or", "not", "between", "in", "is", "missing", "true", "false"];

    private readonly List<Token> _tokens;
    private int _next;
    private int _depth;

    private RuleParser(string text) => _tokens = Tokenizer.Tokenize(text);

    /// <summary>Parses a whole condition.</summary>
    /// <exception cref="RuleParseException">The text is not a condition; the message names the position.</exception>
    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new RuleParseException(MaxLength + 1, $"the condition is {text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters long, more than the limit of 65,536 (64 KB); split it into several rules, or test many values with one 'in (...)' list");
        }

        var parser = new RuleParser(text);
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new RuleParseException(1, "the condition is empty; write one such as 'arr >= 100000'");
        }

        Expr expr = parser.ParseOr();
        Token rest = parser.Peek;
        return rest.Kind == TokenKind.End ? expr : throw Unexpected(rest, "'and', 'or' or the end of the condition");
    }

    public static bool IsKeyword(string name) => Keywords.Contains(name, StringComparer.OrdinalIgnoreCase);

    private Token Peek => _tokens[_next];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_next + ahead, _tokens.Count - 1)];

    private Token Take() => _tokens[_next++];

    private Expr ParseOr()
    {
        Expr left = ParseAnd();
        while (Peek.IsKeyword("or"))
        {
            Take();
            left = new Logical(LogicalOperator.Or, left, ParseAnd()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseAnd()
    {
        Expr left = ParseNot();
        while (Peek.IsKeyword("and"))
        {
            Take();
            left = new Logical(LogicalOperator.And, left, ParseNot()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Peek.IsKeyword("not"))
        {
            Token not = Take();
            Enter(not, "'not'");
            Expr operand = ParseNot();
            _depth--;
            return new Not(operand) { Position = not.Position };
        }

        return ParsePredicate();
    }

    private Expr ParsePredicate()
    {
        Expr left = ParseSum();
        Token next = Peek;
        if (next.Kind == TokenKind.Operator && ComparisonOf(next.Text) is ComparisonOperator op)
        {
            Take();
            return new Comparison(op, left, ParseSum()) { Position = left.Position };
        }

        bool negated = next.IsKeyword("not") && (PeekAt(1).IsKeyword("between") || PeekAt(1).IsKeyword("in"));
        if (negated)
        {
            Take();
        }

        if (Peek.IsKeyword("between"))
        {
            Take();
            Expr low = ParseSum();
            Expect("and", "'and' between the two bounds of 'between'");
            Expr high = ParseSum();
            return new Between(left, low, high, negated) { Position = left.Position };
        }

        if (Peek.IsKeyword("in"))
        {
            Take();
            ExpectOperator("(", "'(' to open the list after 'in'");
            var items = ImmutableArray.CreateBuilder<Expr>();
            do
            {
                items.Add(ParseSum());
            }
            while (TakeOperator(","));

            ExpectOperator(")", "',' or ')' in the list after 'in'");
            return new InList(left, items.ToImmutable(), negated) { Position = left.Position };
        }

        if (Peek.IsKeyword("is"))
        {
            Take();
            bool not = Peek.IsKeyword("not");
            if (not)
            {
                Take();
            }

            Expect("missing", "'missing' after 'is'");
            return new IsMissing(left, not) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseSum()
    {
        Expr left = ParseProduct();
        while (Peek.IsOperator("+") || Peek.IsOperator("-"))
        {
            var op = Take().Text == "+" ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
            left = new Arithmetic(op, left, ParseProduct()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseProduct()
    {
        Expr left = ParseUnary();
        while (Peek.IsOperator("*") || Peek.IsOperator("/"))
        {
            var op = Take().Text == "*" ? ArithmeticOperator.Multiply : ArithmeticOperator.Divide;
            left = new Arithmetic(op, left, ParseUnary()) { Position = left.Position };
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Peek.IsOperator("-"))
        {
            Token minus = Take();
            Enter(minus, "'-'");
            Expr operand = ParseUnary();
            _depth--;
            return new Negate(operand) { Position = minus.Position };
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        Token token = Take();
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new NumberLiteral(token.Number) { Position = token.Position };
            case TokenKind.Text:
                return new TextLiteral(token.Text) { Position = token.Position };
            case TokenKind.Operator when token.Text == "(":
                Enter(token, "'('");
                Expr inner = ParseOr();
                ExpectOperator(")", "')' to close the '(' at position " + token.Position);
                _depth--;
                return inner;
            case TokenKind.Identifier when token.IsKeyword("true") || token.IsKeyword("false"):
                return new BooleanLiteral(token.IsKeyword("true")) { Position = token.Position };
            case TokenKind.Identifier when !token.Quoted && IsKeyword(token.Text):
                throw Unexpected(token, "a number, a feature name or '('");
            case TokenKind.Identifier when !token.Quoted && Peek.IsOperator("("):
                return ParseCall(token);
            case TokenKind.Identifier:
                return new FeatureRef(token.Text) { Position = token.Position };
            default:
                throw Unexpected(token, "a number, a feature name or '('");
        }
    }

    private FunctionCall ParseCall(Token name)
    {
        string function = name.Text.ToLowerInvariant();
        if (!RuleFunctions.All.Contains(function))
        {
            string? closest = NameSuggestions.Closest(name.Text, RuleFunctions.All, 1) is [string first, ..] ? first : null;
            string hint = closest is null ? string.Empty : $"; did you mean '{closest}'?";
            throw new RuleParseException(name.Position, $"unknown function '{name.Text}' at position {name.Position}{hint} Functions: {string.Join(", ", RuleFunctions.All)}");
        }

        Token open = Take();
        Enter(name, $"'{function}('");
        Expr argument = ParseOr();
        ExpectOperator(")", $"')' to close {function}( at position {open.Position}; functions take one argument");
        _depth--;
        return new FunctionCall(function, argument) { Position = name.Position };
    }

    /// <summary>Opens one level of nesting at <paramref name="token"/>; fails beyond <see cref="MaxDepth"/>.</summary>
    private void Enter(Token token, string what)
    {
        if (++_depth > MaxDepth)
        {
            throw new RuleParseException(token.Position, $"{what} at position {token.Position} nests more than {MaxDepth} levels deep (parentheses, 'not', '-' and function calls each add a level); remove redundant parentheses or split the condition into several rules");
        }
    }

    private void Expect(string keyword, string what)
    {
        if (!Peek.IsKeyword(keyword))
        {
            throw Unexpected(Peek, what);
        }

        Take();
    }

    private void ExpectOperator(string op, string what)
    {
        if (!TakeOperator(op))
        {
            throw Unexpected(Peek, what);
        }
    }

    private bool TakeOperator(string op)
    {
        if (!Peek.IsOperator(op))
        {
            return false;
        }

        Take();
        return true;
    }

    private static RuleParseException Unexpected(Token token, string expected) =>
        new(token.Position, $"unexpected {token.Describe()} at position {token.Position}; expected {expected}");

    private static ComparisonOperator? ComparisonOf(string op) => op switch
    {
        "<" => ComparisonOperator.Less,
        "<=" => ComparisonOperator.LessOrEqual,
        ">" => ComparisonOperator.Greater,
        ">=" => ComparisonOperator.GreaterOrEqual,
        "==" => ComparisonOperator.Equal,
        "!=" => ComparisonOperator.NotEqual,
        _ => null,
    };
}
