using System.Globalization;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Hosting;

namespace CoursePortal.Web.Services;

/// <summary>The "Exports" settings of the web, read and checked once at start-up: how many events an export reads from
/// the silo per page (and so at most about twice that in the web's memory at once).</summary>
public sealed record ExportSettings(int PageSize)
{
    public const string Section = "Exports";

    /// <summary>5,000 events a page: about 2 MB on the wire, large enough that one grain call per page costs little next to
    /// the rows it carries (bench/export.sh measures it).</summary>
    public static readonly ExportSettings Default = new(5_000);

    /// <summary>The settings, with the default for what configuration leaves out; a start-up error naming the key for a
    /// value that is not a whole number from 1 to <see cref="EventQuery.MaxExportLimit"/>.</summary>
    public static ExportSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[$"{Section}:{nameof(PageSize)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= EventQuery.MaxExportLimit
            ? new ExportSettings(size)
            : throw new StartupException($"{Section}:{nameof(PageSize)} must be a whole number from 1 to {EventQuery.MaxExportLimit} (it is '{text}').");
    }
}
