using System.Globalization;

namespace CoursePortal.DataScale;

/// <summary>The command line: a command, then <c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values;

    private Options(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public string Command { get; }

    public static Options Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("Start with a command: generate or reads.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new Options(args[0], values);
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? TextOrNull(string name) => _values.GetValueOrDefault(name) is { Length: > 0 } text ? text : null;

    public long Number(string name, long fallback) =>
        _values.TryGetValue(name, out var text) ? long.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public int Count(string name, int fallback) => checked((int)Number(name, fallback));
}
