using ProvincePortal.Features.Discussions;

namespace ProvincePortal.Tests.Features.Discussions;

public class DiscussionMarkupTests
{
    [Fact]
    public void ToHtml_EncodesEverything_ThenAppliesTheFewMarks()
    {
        var html = DiscussionMarkup.ToHtml("<script>alert('x')</script> **importante** e *nota*\n- primo\n- `codice`").Value;

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<strong>importante</strong>", html);
        Assert.Contains("<em>nota</em>", html);
        Assert.Equal("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <strong>importante</strong> e <em>nota</em><br>- primo<br>- <code>codice</code></p>", html);

        var list = DiscussionMarkup.ToHtml("Elenco:\n\n- primo\n- secondo").Value;
        Assert.Equal("<p>Elenco:</p><ul><li>primo</li><li>secondo</li></ul>", list);
    }

    [Fact]
    public void ToHtml_LinksAddressesWithoutLettingThemLeaveTheAttribute()
    {
        var html = DiscussionMarkup.ToHtml("Vedi https://www.anticorruzione.it/bandi?a=1&b=2. Oppure \"https://x.it/\"onmouseover=alert(1)").Value;

        Assert.Contains("<a href=\"https://www.anticorruzione.it/bandi?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://www.anticorruzione.it/bandi?a=1&amp;b=2</a>.", html);
        Assert.DoesNotContain("\"onmouseover", html);
        Assert.Contains("href=\"https://x.it/\"", html);
    }

    [Fact]
    public void Mentions_AreHighlighted_AndParsed_ButNotTheAtSignOfAnAddress()
    {
        Assert.Equal(["mario.rossi@provincia.tv.it", "cdc"], DiscussionService.ParseMentions("Per @mario.rossi@provincia.tv.it. e @cdc, scrivere a info@comune.it"));
        Assert.Empty(DiscussionService.ParseMentions("scrivere a info@comune.it"));
        Assert.Contains("<span class=\"pp-mention\">@cdc@demo.it</span>", DiscussionMarkup.ToHtml("Ciao @cdc@demo.it").Value);
    }
}
