using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// The sign-in cookie's ticket, decrypted once per cookie value instead of on every request. Decrypting and
/// deserializing the ticket was 6–7 % of the web's CPU under the progress read (bench/profiles.md); a learner sends the
/// same cookie for the whole session. Only what the data protector itself produced is kept, under the exact cookie
/// text; a cookie that fails to decrypt is never kept. Everything after decryption still runs per request: the expiry
/// check, sliding renewal and the session check that sign-out and password changes revoke. Each request gets its own
/// copy of the ticket, so nothing one request does to its principal reaches another.
/// </summary>
public sealed class CookieTicketCache(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    // About 3 KB each (the cookie text and the ticket): 20,000 signed-in learners active within a minute is 60 MB.
    private const int Entries = 20_000;

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = Entries });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null)
        {
            return null;
        }

        var key = (protectedText, purpose);
        if (_tickets.TryGetValue(key, out AuthenticationTicket? known) && known is not null)
        {
            return known.Clone();
        }

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is not null)
        {
            _tickets.Set(key, ticket.Clone(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }

        return ticket;
    }

    public void Dispose() => _tickets.Dispose();
}
