using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace ProvincePortal.Features.Reports;

/// <summary>
/// Titillium Web (SIL OFL 1.1, see wwwroot-assets/fonts/titillium-web/OFL.txt) for every PDF the platform writes.
/// The TTF files are embedded in the assembly, so a report never depends on the fonts installed on the server
/// (on Linux PDFsharp has none: "No appropriate font found").
/// </summary>
public sealed class PortalFonts : IFontResolver
{
    public const string Family = "Titillium Web";

    private static readonly Lock Gate = new();
    private static bool registered;
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new();

    /// <summary>Installs the resolver once per process; PDFsharp's setting is global.</summary>
    public static void EnsureRegistered()
    {
        if (registered) return;
        lock (Gate)
        {
            if (registered) return;
            if (GlobalFontSettings.FontResolver is not PortalFonts)
                GlobalFontSettings.FontResolver = new PortalFonts();
            registered = true;
        }
    }

    /// <summary>Every family maps to Titillium Web: reports ask only for it, and a stray family must not fail a download.</summary>
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => (bold, italic) switch
    {
        (true, true) => new FontResolverInfo("TitilliumWeb_700Bold_Italic"),
        (true, false) => new FontResolverInfo("TitilliumWeb_700Bold"),
        (false, true) => new FontResolverInfo("TitilliumWeb_400Regular_Italic"),
        _ => new FontResolverInfo("TitilliumWeb_400Regular"),
    };

    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, static name =>
    {
        var resource = $"ProvincePortal.Fonts.{name}.ttf";
        using var stream = typeof(PortalFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Carattere non incluso nell'applicazione: {resource}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
