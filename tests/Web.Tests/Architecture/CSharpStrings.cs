namespace CoursePortal.Web.Tests.Architecture;

/// <summary>
/// The string literals of C# source as written (escapes kept), with their line: comments and character literals are
/// skipped, interpolation holes are read as code (their literals count), raw strings and the text of interpolated
/// strings are not literals of their own. Enough C# to find a code written as a literal, not a compiler.
/// </summary>
public static class CSharpStrings
{
    public static IReadOnlyList<(string Text, int Line)> Literals(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new Reader(source);
        reader.Code(inHole: false);
        return reader.Found;
    }

    private sealed class Reader(string text)
    {
        private int _at;

        public List<(string Text, int Line)> Found { get; } = [];

        private char At(int offset) => _at + offset < text.Length ? text[_at + offset] : '\0';

        /// <summary>Code up to the end, or in a hole up to its closing brace (left unread).</summary>
        public void Code(bool inHole)
        {
            var depth = 0;
            while (_at < text.Length)
            {
                var c = At(0);
                if (c == '/' && At(1) == '/')
                {
                    SkipPast("\n");
                }
                else if (c == '/' && At(1) == '*')
                {
                    SkipPast("*/");
                }
                else if (c == '\'')
                {
                    CharacterLiteral();
                }
                else if (c == '"' || (c is '$' or '@' && StringFollows()))
                {
                    StringLiteral();
                }
                else if (c == '}' && inHole && depth == 0)
                {
                    return;
                }
                else
                {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                    _at++;
                }
            }
        }

        private bool StringFollows()
        {
            var i = _at;
            while (i < text.Length && text[i] is '$' or '@')
            {
                i++;
            }

            return i < text.Length && text[i] == '"';
        }

        private void SkipPast(string end)
        {
            var found = text.IndexOf(end, _at + 2, StringComparison.Ordinal);
            _at = found < 0 ? text.Length : found + end.Length;
        }

        private void CharacterLiteral()
        {
            var end = At(1) == '\\' ? text.IndexOf('\'', _at + 3) : At(2) == '\'' ? _at + 2 : -1;
            _at = end < 0 ? _at + 1 : end + 1;
        }

        private void StringLiteral()
        {
            var line = LineAt(_at);
            var interpolated = false;
            var verbatim = false;
            while (At(0) is '$' or '@')
            {
                interpolated |= At(0) == '$';
                verbatim |= At(0) == '@';
                _at++;
            }

            var quotes = 0;
            while (At(quotes) == '"')
            {
                quotes++;
            }

            if (quotes >= 3)
            {
                // A raw string ends at the same run of quotes; its holes (if any) are not read.
                var end = text.IndexOf(new string('"', quotes), _at + quotes, StringComparison.Ordinal);
                _at = end < 0 ? text.Length : end + quotes;
                return;
            }

            _at++;
            var start = _at;
            var holes = false;
            while (_at < text.Length)
            {
                var c = At(0);
                if (verbatim && c == '"' && At(1) == '"')
                {
                    _at += 2;
                }
                else if (c == '"' || (!verbatim && c == '\n'))
                {
                    break;
                }
                else if (!verbatim && c == '\\')
                {
                    _at += 2;
                }
                else if (interpolated && c == '{' && At(1) == '{')
                {
                    _at += 2;
                }
                else if (interpolated && c == '{')
                {
                    holes = true;
                    _at++;
                    Code(inHole: true);
                    _at++;
                }
                else
                {
                    _at++;
                }
            }

            if (!holes)
            {
                Found.Add((text[start..Math.Min(_at, text.Length)], line));
            }

            _at++;
        }

        private int LineAt(int offset) => 1 + text.AsSpan(0, offset).Count('\n');
    }
}
