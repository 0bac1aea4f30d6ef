using System.Security.Claims;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace CoursePortal.Web.Tests.Hosting;

public sealed class CookieTicketCacheTests
{
    private static readonly TicketDataFormat Format = new(new EphemeralDataProtectionProvider().CreateProtector("cookie-ticket-cache-tests"));

    private static AuthenticationTicket Ticket(string userId) => new(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, "Learner")], "cookie")),
        new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
        "Cookies");

    [Fact]
    public void ACookieReadTwiceGivesTheSameUserBothTimes()
    {
        using var cache = new CookieTicketCache(Format);
        var cookie = cache.Protect(Ticket("learner-1"));

        var first = cache.Unprotect(cookie);
        var second = cache.Unprotect(cookie);

        Assert.Equal("learner-1", first!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("learner-1", second!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void ARequestThatAddsARoleToItsPrincipalDoesNotGiveItToTheNextRequest()
    {
        using var cache = new CookieTicketCache(Format);
        var cookie = cache.Protect(Ticket("learner-1"));

        var first = cache.Unprotect(cookie)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "Admin"));
        first.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddYears(10);
        var second = cache.Unprotect(cookie)!;

        Assert.False(second.Principal.IsInRole("Admin"));
        Assert.True(second.Properties.ExpiresUtc < DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void ATamperedCookieIsRefusedEvenAfterTheGenuineOneWasRead()
    {
        using var cache = new CookieTicketCache(Format);
        var cookie = cache.Protect(Ticket("learner-1"));
        Assert.NotNull(cache.Unprotect(cookie));

        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "B" : "A") + cookie[^3..];

        Assert.Null(cache.Unprotect(tampered));
        Assert.Null(cache.Unprotect(tampered));
    }

    [Fact]
    public void TwoLearnersCookiesNeverGiveEachOthersTicket()
    {
        using var cache = new CookieTicketCache(Format);
        var cookies = Enumerable.Range(0, 50).Select(i => (Id: $"learner-{i}", Cookie: cache.Protect(Ticket($"learner-{i}")))).ToList();

        foreach (var (id, cookie) in cookies.Concat(cookies))
        {
            Assert.Equal(id, cache.Unprotect(cookie)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        }
    }
}
