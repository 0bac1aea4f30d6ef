using System.Globalization;

namespace CoursePortal.DataScale;

/// <summary>One employee, ever: hired on <see cref="HireDay"/> (days after the history starts; negative for those
/// already there when it starts), gone on <see cref="LeaveDay"/> (null: still employed).</summary>
public sealed record Person(int Index, string UserId, string Email, string FirstName, string LastName, int HireDay, int? LeaveDay)
{
    public bool EmployedOn(int day) => HireDay <= day && (LeaveDay is null || day < LeaveDay);
}

/// <summary>The company's staff over the history: <c>headcount</c> people at the start, about 9 % leaving a year,
/// each leaver replaced by a hire within the same year, so the headcount stays about the same.</summary>
public static class People
{
    private const double LeaversPerYear = 0.09;

    private static readonly string[] FirstNames = ["Ada", "Ben", "Chloe", "Dev", "Eva", "Femi", "Greta", "Hugo", "Ines", "Jon", "Kira", "Liam", "Maya", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zoe"];

    private static readonly string[] LastNames = ["Abbott", "Berg", "Costa", "Dahl", "Eze", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Umar", "Varga", "Weber", "Xu", "Young"];

    public static List<Person> Generate(int headcount, int days, int seed)
    {
        var random = new Random(Seeds.Mix(seed, 1, 0));
        var people = new List<Person>(headcount * 2);
        for (var i = 0; i < headcount; i++)
        {
            people.Add(New(people.Count, -random.Next(30, 3650), 0, days, random));
        }

        for (var yearStart = 0; yearStart < days; yearStart += 365)
        {
            var end = Math.Min(days, yearStart + 365);
            var leavers = people.Count(p => p.LeaveDay is { } l && l >= yearStart && l < end);
            for (var i = 0; i < leavers; i++)
            {
                var hire = random.Next(yearStart, end);
                people.Add(New(people.Count, hire, hire, days, random));
            }
        }

        return people;
    }

    private static Person New(int index, int hireDay, int from, int days, Random random)
    {
        var leave = from + (int)(-Math.Log(1 - random.NextDouble()) * 365 / LeaversPerYear);
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var email = string.Create(CultureInfo.InvariantCulture, $"{first}.{last}.{index}@northwind.example").ToLowerInvariant();
        return new Person(index, Seeds.NewId(random).ToString("N"), email, first, last, hireDay, leave < days ? Math.Max(leave, hireDay + 1) : null);
    }
}

/// <summary>Deterministic seeds and ids: the same command line writes the same company, event ids included.</summary>
public static class Seeds
{
    /// <summary>A seed for one part of the history (SplitMix64 over the three numbers), independent of thread order.</summary>
    public static int Mix(int seed, int a, int b)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)a * 0xBF58476D1CE4E5B9UL + (ulong)b * 0x94D049BB133111EBUL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)(x ^ (x >> 31));
    }

    /// <summary>A version-4 GUID whose first ten bytes are the person, the cycle and the event's place in its part
    /// (unique), the rest from <paramref name="drawn"/>.</summary>
    public static Guid EventId(int person, int cycle, int place, Guid drawn)
    {
        Span<byte> bytes = stackalloc byte[16];
        drawn.TryWriteBytes(bytes);
        BitConverter.TryWriteBytes(bytes[..4], person);
        BitConverter.TryWriteBytes(bytes[4..6], (ushort)((cycle << 4) | (place >> 16 & 0xF)));
        BitConverter.TryWriteBytes(bytes[9..11], (ushort)(place & 0xFFFF));
        bytes[6] = (byte)(place >> 20);
        bytes[7] = (byte)(0x40 | (bytes[7] & 0x0F));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A version-4 GUID from <paramref name="random"/>, as random as the grains' Guid.NewGuid().</summary>
    public static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
