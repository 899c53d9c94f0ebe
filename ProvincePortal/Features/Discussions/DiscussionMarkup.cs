using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace ProvincePortal.Features.Discussions;

/// <summary>
/// The few marks a post may use: **grassetto**, *corsivo*, `codice`, lines starting with "- " as a list, web addresses
/// as links, @mentions highlighted. Everything is HTML-encoded first, so a post can never inject markup or script.
/// </summary>
public static partial class DiscussionMarkup
{
    public static MarkupString ToHtml(string body)
    {
        var html = new StringBuilder();
        foreach (var block in body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = block.Split('\n');
            if (lines.All(l => l.TrimStart().StartsWith("- ")))
            {
                html.Append("<ul>");
                foreach (var l in lines) html.Append("<li>").Append(Inline(l.TrimStart()[2..])).Append("</li>");
                html.Append("</ul>");
            }
            else
            {
                html.Append("<p>").Append(string.Join("<br>", lines.Select(Inline))).Append("</p>");
            }
        }
        return new MarkupString(html.ToString());
    }

    private static string Inline(string text)
    {
        var s = WebUtility.HtmlEncode(text);
        s = Code().Replace(s, "<code>$1</code>");
        s = Bold().Replace(s, "<strong>$1</strong>");
        s = Italic().Replace(s, "<em>$1</em>");
        s = Url().Replace(s, m => $"<a href=\"{m.Value}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{m.Value}</a>");
        s = Mention().Replace(s, "$1<span class=\"pp-mention\">@$2</span>");
        return s;
    }

    [GeneratedRegex(@"`([^`]+)`")] private static partial Regex Code();
    [GeneratedRegex(@"\*\*(.+?)\*\*")] private static partial Regex Bold();
    [GeneratedRegex(@"(?<![*\w])\*(?!\s)([^*]+?)\*(?![*\w])")] private static partial Regex Italic();
    // After encoding: a quote is &quot; and "<" is &lt;, so the address stops before them and cannot leave the attribute.
    [GeneratedRegex(@"https?://[^\s<>""]+?(?=[.,;:!?)]*(?:\s|$|&lt;|&quot;))")] private static partial Regex Url();
    [GeneratedRegex(@"(^|[\s(>])@([\p{L}\p{N}._%+\-]+(?:@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)?)")] private static partial Regex Mention();
}
