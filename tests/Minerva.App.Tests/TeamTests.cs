using Minerva.App.Team;
using Minerva.Storage;

namespace Minerva.App.Tests;

/// <summary>The team server's pure parts: password hashes, the login throttle, and API tokens.</summary>
public sealed class TeamTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_password_verifies_against_its_own_hash_only_and_each_hash_has_its_own_salt()
    {
        var hash = Passwords.Hash("correct horse battery staple");
        Assert.Matches(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", hash);
        Assert.True(Passwords.Verify("correct horse battery staple", hash));
        Assert.False(Passwords.Verify("correct horse battery stapl", hash));
        Assert.NotEqual(hash, Passwords.Hash("correct horse battery staple"));
        Assert.False(Passwords.Verify("anything", "$2b$12$bcrypt-is-not-read"));
        Assert.False(Passwords.Verify("anything", hash.Replace("m=19456", "m=999999999", StringComparison.Ordinal))); // a hash cannot ask for any memory
        Assert.Throws<BadRequestException>(() => Passwords.Hash("short"));
        Assert.Equal(20, Passwords.Generate().Length);
    }

    [Fact]
    public void After_five_failures_a_name_waits_twice_as_long_each_time_and_the_window_forgets()
    {
        var clock = new Clock();
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < LoginThrottle.FreePerName - 1; i++) throttle.Failed("Anna", $"10.0.0.{i}");
        Assert.Null(throttle.Wait("anna", "10.0.0.9"));
        throttle.Failed("anna", "10.0.0.9");
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.Wait("ANNA", "10.0.0.200")); // per name, whatever the address
        throttle.Failed("anna", "10.0.0.9");
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.Wait("anna", "10.0.0.9"));
        clock.Now += TimeSpan.FromSeconds(3);
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Wait("anna", "10.0.0.9"));
        Assert.Null(throttle.Wait("bob", "10.0.0.50"));
        clock.Now += LoginThrottle.Window;
        Assert.Null(throttle.Wait("anna", "10.0.0.9"));

        for (var i = 0; i < LoginThrottle.FreePerAddress; i++) throttle.Failed($"user{i}", "192.0.2.7");
        Assert.NotNull(throttle.Wait("someone-new", "192.0.2.7")); // one machine trying many names
        throttle.Succeeded("user1");
        Assert.NotNull(throttle.Wait("user1", "192.0.2.7"));
    }

    [Fact]
    public void A_token_opens_only_with_its_secret_before_it_expires_and_until_it_is_revoked()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var account = new Account(7, 3, "anna", "analyst", "", false);
        var (text, stored) = ApiTokens.Make(account, ["read", "ingest", "read"], "laptop", TimeSpan.FromDays(30), now);
        Assert.Equal(["ingest", "read"], stored.Scopes);
        Assert.Equal((3L, 7L), (stored.Tenant, stored.Account));
        var (id, secret) = ApiTokens.Parse(text)!.Value;
        Assert.Equal(stored.Id, id);
        Assert.DoesNotContain(secret, Convert.ToBase64String(stored.Hash), StringComparison.Ordinal);
        Assert.Null(ApiTokens.Refusal(stored, secret, now.AddDays(29)));
        Assert.Equal("the token is not valid", ApiTokens.Refusal(stored, secret + "x", now));
        Assert.StartsWith("the token expired", ApiTokens.Refusal(stored, secret, now.AddDays(30)), StringComparison.Ordinal);
        Assert.Equal("the token was revoked", ApiTokens.Refusal(stored with { RevokedAt = now }, secret, now));
        Assert.Null(ApiTokens.Parse("Bearer something"));
        Assert.Throws<BadRequestException>(() => ApiTokens.Make(account, ["admin"], "x", TimeSpan.FromDays(1), now));
        Assert.Throws<BadRequestException>(() => ApiTokens.Make(account, [], "x", TimeSpan.FromDays(1), now));
        Assert.Throws<BadRequestException>(() => ApiTokens.Make(account, ["read"], "x", TimeSpan.FromDays(400), now));
    }

    [Fact]
    public void A_role_allows_what_the_roles_below_it_do_and_a_token_only_its_scopes()
    {
        var lead = new TeamPrincipal(1, 1, "anna", TeamRole.Lead);
        Assert.True(lead.May(TeamRole.Analyst, "write"));
        Assert.False(lead.May(TeamRole.DataOwner, "write"));
        var token = lead with { Scopes = new HashSet<string> { "read" } };
        Assert.True(token.May(TeamRole.Viewer, "read"));
        Assert.False(token.May(TeamRole.Viewer, "write"));
        Assert.Equal(TeamRole.DataOwner, TeamRoles.Parse("Data-Owner"));
        Assert.Equal("data_owner", TeamRole.DataOwner.Name());
        Assert.Throws<BadRequestException>(() => TeamRoles.Parse("root"));
    }
}
