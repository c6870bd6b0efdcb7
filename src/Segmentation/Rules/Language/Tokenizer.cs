using System.Globalization;
using System.Text;

namespace Segmentation.Rules.Language;

internal enum TokenKind
{
    Number,
    Text,
    Identifier,
    Operator,
    End,
}

/// <summary>One token of a condition; <see cref="Position"/> is the 1-based character position of its first character.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0, bool Quoted = false)
{
    /// <summary>An unquoted identifier equal to <paramref name="keyword"/> (keywords are case-insensitive).</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && !Quoted && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of the condition",
        TokenKind.Text => $"text \"{Text}\"",
        TokenKind.Identifier when Quoted => $"'`{Text}`'",
        _ => $"'{Text}'",
    };
}

/// <summary>An error in a condition at a character position (1-based); the caller adds the dimension and segment.</summary>
internal sealed class RuleParseException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>Splits a condition into tokens, remembering where each starts so that errors can point at it.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, text.Length + 1));
                return tokens;
            }

            char c = text[i];
            int start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(new Token(TokenKind.Text, ReadQuoted(text, ref i, c, "text"), start + 1));
            }
            else if (c == '`')
            {
                tokens.Add(new Token(TokenKind.Identifier, ReadQuoted(text, ref i, '`', "quoted feature name"), start + 1, Quoted: true));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start + 1));
            }
            else
            {
                string op = ReadOperator(text, i);
                i += op.Length;
                // '=' and '<>' are accepted as the SQL spellings of '==' and '!='.
                tokens.Add(new Token(TokenKind.Operator, op switch { "=" => "==", "<>" => "!=", _ => op }, start + 1));
            }
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        var digits = new StringBuilder();
        bool Digit(int at) => at < text.Length && char.IsAsciiDigit(text[at]);
        void ReadDigits(ref int at)
        {
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || (text[at] == '_' && Digit(at + 1) && at > start && char.IsAsciiDigit(text[at - 1]))))
            {
                if (text[at] != '_')
                {
                    digits.Append(text[at]);
                }

                at++;
            }
        }

        ReadDigits(ref i);
        if (i < text.Length && text[i] == '.' && Digit(i + 1))
        {
            digits.Append('.');
            i++;
            ReadDigits(ref i);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int e = i + 1;
            if (e < text.Length && text[e] is '+' or '-')
            {
                e++;
            }

            if (Digit(e))
            {
                digits.Append(text, i, e - i);
                i = e;
                ReadDigits(ref i);
            }
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            throw new RuleParseException(start + 1, $"'{text[start..(i + 1)]}' at position {start + 1} is neither a number nor a feature name (feature names start with a letter or '_')");
        }

        double value = double.Parse(digits.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new RuleParseException(start + 1, $"the number at position {start + 1} is too large");
        }

        return new Token(TokenKind.Number, text[start..i], start + 1, value);
    }

    /// <summary>Reads a quoted text or name; the quote character is written twice to stand for itself.</summary>
    private static string ReadQuoted(string text, ref int i, char quote, string what)
    {
        int start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new RuleParseException(start + 1, $"the {what} starting at position {start + 1} has no closing {quote}");
            }

            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(text[i]);
            i++;
        }
    }

    private static string ReadOperator(string text, int i)
    {
        string two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
        if (two is "<=" or ">=" or "==" or "!=" or "<>")
        {
            return two;
        }

        char c = text[i];
        if (c is '<' or '>' or '=' or '+' or '-' or '*' or '/' or '(' or ')' or ',')
        {
            return c.ToString();
        }

        string shown = char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
        throw new RuleParseException(i + 1, $"unexpected character {shown} at position {i + 1}; remove it, or quote text with \"...\" and names with `...`");
    }
}
