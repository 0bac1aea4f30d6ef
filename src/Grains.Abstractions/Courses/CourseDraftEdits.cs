using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Courses;

/// <summary>The course editor's changes to a draft, as pure functions on its content, so each form post is
/// one small edit that the grain then validates and stores whole.</summary>
public static class CourseDraftEdits
{
    /// <summary>A stable id for a new module, lesson or question: the title's slug, made unique among <paramref name="taken"/>.</summary>
    public static string NewId(string? title, IEnumerable<string> taken, string fallback)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var slug = new StringBuilder();
        foreach (var c in (title ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? fallback : stem[..Math.Min(stem.Length, Ids.MaxLength - 4)].TrimEnd('-');
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (var n = 2; used.Contains(id); n++)
        {
            id = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return id;
    }

    public static CourseContent AddModule(CourseContent content, string title, string? description)
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = NewId(title, content.Modules.Select(m => m.Id), "module");
        return content with { Modules = content.Modules.Add(new Module(id, title.Trim(), OptionalText.TrimmedOrNull(description), [])) };
    }

    public static CourseContent UpdateModule(CourseContent content, string moduleId, string title, string? description) =>
        WithModule(content, moduleId, m => m with { Title = title.Trim(), Description = OptionalText.TrimmedOrNull(description) });

    public static CourseContent RemoveModule(CourseContent content, string moduleId)
    {
        ArgumentNullException.ThrowIfNull(content);
        var index = ModuleIndex(content, moduleId);
        return content with { Modules = content.Modules.RemoveAt(index) };
    }

    /// <summary>Moves a module up (<paramref name="delta"/> -1) or down (+1); a move past either end changes nothing.</summary>
    public static CourseContent MoveModule(CourseContent content, string moduleId, int delta)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content with { Modules = Move(content.Modules, ModuleIndex(content, moduleId), delta) };
    }

    /// <summary>Replaces the lesson with the same id, or adds it at the end of <paramref name="moduleId"/>;
    /// a lesson given another module moves there, to its end.</summary>
    public static CourseContent SaveLesson(CourseContent content, string moduleId, Lesson lesson)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(lesson);
        var target = ModuleIndex(content, moduleId);
        var current = (Module: -1, Lesson: -1);
        for (var m = 0; m < content.Modules.Length && current.Module < 0; m++)
        {
            var l = content.Modules[m].Lessons.Select(x => x.Id).ToList().IndexOf(lesson.Id);
            current = l >= 0 ? (m, l) : current;
        }

        if (current.Module == target)
        {
            return WithModule(content, moduleId, m => m with { Lessons = m.Lessons.SetItem(current.Lesson, lesson) });
        }

        var modules = content.Modules;
        if (current.Module >= 0)
        {
            modules = modules.SetItem(current.Module, modules[current.Module] with { Lessons = modules[current.Module].Lessons.RemoveAt(current.Lesson) });
        }

        return content with { Modules = modules.SetItem(target, modules[target] with { Lessons = modules[target].Lessons.Add(lesson) }) };
    }

    public static CourseContent RemoveLesson(CourseContent content, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(content);
        var module = ModuleOfLesson(content, lessonId);
        return WithModule(content, module.Id, m => m with { Lessons = m.Lessons.RemoveAll(l => l.Id == lessonId) });
    }

    /// <summary>Moves a lesson up or down within its module; a move past either end changes nothing.</summary>
    public static CourseContent MoveLesson(CourseContent content, string lessonId, int delta)
    {
        ArgumentNullException.ThrowIfNull(content);
        var module = ModuleOfLesson(content, lessonId);
        var index = module.Lessons.IndexOf(module.Lessons.First(l => l.Id == lessonId));
        return WithModule(content, module.Id, m => m with { Lessons = Move(m.Lessons, index, delta) });
    }

    public static Module ModuleOfLesson(CourseContent content, string lessonId)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.Modules.FirstOrDefault(m => m.Lessons.Any(l => l.Id == lessonId)) ?? throw DomainException.NotFound("Lesson", lessonId);
    }

    private static CourseContent WithModule(CourseContent content, string moduleId, Func<Module, Module> change)
    {
        ArgumentNullException.ThrowIfNull(content);
        var index = ModuleIndex(content, moduleId);
        return content with { Modules = content.Modules.SetItem(index, change(content.Modules[index])) };
    }

    private static int ModuleIndex(CourseContent content, string moduleId)
    {
        var index = content.Modules.Select(m => m.Id).ToList().IndexOf(moduleId);
        return index >= 0 ? index : throw DomainException.NotFound("Module", moduleId);
    }

    private static ImmutableArray<T> Move<T>(ImmutableArray<T> items, int index, int delta)
    {
        var to = index + Math.Sign(delta);
        return to < 0 || to >= items.Length ? items : items.SetItem(index, items[to]).SetItem(to, items[index]);
    }
}
