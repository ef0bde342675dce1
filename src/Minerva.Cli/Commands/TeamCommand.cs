using System.CommandLine;
using Minerva.Storage;
using Minerva.App.Team;
using Minerva.Storage.Postgres;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary>
/// <c>minerva team</c>: the team database's administration, as its owner — migrate the schema (creating the application's
/// role), add and list tenants. The connection string comes from <c>--database</c> or <c>MINERVA_DATABASE</c> (which keeps
/// a password off the command line, where other users of the machine could read it); messages never show the password.
/// </summary>
internal static class TeamCommand
{
    /// <summary>The team database's connection string option, shared with the commands that can work on a tenant.</summary>
    public static Option<string?> DatabaseOption(string role) => new("--database")
    {
        Description = $"The team database, as an Npgsql connection string for {role} (\"Host=/var/run/postgresql;Database=minerva;Username=…\"); default $MINERVA_DATABASE",
    };

    /// <summary>The connection string given, or the environment's, or null.</summary>
    public static string? Database(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("MINERVA_DATABASE") is { Length: > 0 } env ? env : null;

    private static string Required(ParseResult parse, Option<string?> option) =>
        Database(parse, option) ?? throw new App.BadRequestException("give the team database: --database \"Host=…;Database=…;Username=…\" or MINERVA_DATABASE");

    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var database = DatabaseOption("the schema's owner");
        var migrate = new Command("migrate", "Bring the schema to this build's version, and create the application's role (minerva_app) when missing") { database };
        migrate.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var team = TeamDatabase.Connect(Required(parse, database));
            var before = team.Migrate();
            var now = team.SchemaVersion();
            if (parse.GetValue(g.Json)) terminal.Json(new { schema_before = before, schema = now });
            else terminal.Out.MarkupLineInterpolated($"team database at schema {now}{(before == now ? " (nothing to do)" : $" (was {before})")}; the server connects as {TeamDatabase.DefaultAppRole}");
            return ExitCodes.Ok;
        }));

        var name = new Argument<string>("name") { Description = "The tenant: an agency or a team" };
        var add = new Command("add", "Add a tenant; prints its id") { name, database };
        add.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var team = TeamDatabase.Connect(Required(parse, database));
            var tenantName = parse.GetValue(name)!.Trim();
            if (tenantName.Length == 0) throw new App.BadRequestException("a tenant needs a name");
            if (team.CreateTenant(tenantName) is not { } id) throw new App.BadRequestException($"a tenant named '{tenantName}' exists already");
            if (parse.GetValue(g.Json)) terminal.Json(new { id, name = tenantName });
            else terminal.Out.MarkupLineInterpolated($"tenant {id}: {tenantName}");
            return ExitCodes.Ok;
        }));
        var list = new Command("list", "Every tenant") { database };
        list.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var team = TeamDatabase.Connect(Required(parse, database));
            var tenants = team.Tenants();
            if (parse.GetValue(g.Json))
            {
                terminal.Json(tenants.Select(t => new { id = t.Id, name = t.Name }));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "tenant");
            foreach (var (id, tenantName) in tenants) table.AddRow($"{id}", Markup.Escape(tenantName));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        var tenant = new Command("tenant", "Tenants: agencies or teams, each seeing only its own data") { add, list };
        return new Command("team", "The team server's database: schema, application role, tenants, users (as the database's owner)")
        {
            migrate, tenant, UserCommand(terminal, g, database),
        };
    }

    private static Command UserCommand(Terminal terminal, GlobalOptions g, Option<string?> database)
    {
        var name = new Argument<string>("name") { Description = "The name the user logs in with (unique across tenants)" };
        var tenant = new Option<long>("--tenant") { Description = "The user's tenant (minerva team tenant list)", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, analyst, lead, data_owner or admin", DefaultValueFactory = _ => "viewer" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (else one is generated and shown once)" };
        var add = new Command("add", "Add a user to a tenant (a team's first lead; leads add the others on the team server)") { name, tenant, role, stdin, database };
        add.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var given = TeamRoles.Parse(parse.GetValue(role));
            var userName = parse.GetValue(name)!.Trim();
            if (userName.Length is 0 or > 100 || userName.Any(char.IsControl)) throw new App.BadRequestException("a user name has 1 to 100 characters, none of them control characters");
            var password = parse.GetValue(stdin) ? Console.In.ReadLine() ?? "" : Passwords.Generate();
            using var team = TeamDatabase.Connect(Required(parse, database));
            if (team.AddAccount(parse.GetValue(tenant), userName, given.Name(), Passwords.Hash(password)) is not { } id)
                throw new App.BadRequestException($"the name '{userName}' is taken");
            var shown = parse.GetValue(stdin) ? null : password;
            if (parse.GetValue(g.Json)) terminal.Json(new { id, name = userName, tenant = parse.GetValue(tenant), role = given.Name(), password = shown });
            else
            {
                terminal.Out.MarkupLineInterpolated($"user {id}: {userName}, {given.Name()} of tenant {parse.GetValue(tenant)}");
                if (shown is not null) terminal.OutWriter.WriteLine($"password (shown once, give it to them by a safe channel): {shown}");
            }
            return ExitCodes.Ok;
        }));
        return new Command("user", "Users of the team server") { add };
    }

    /// <summary>A tenant's audit trail on the team database, as the application's role.</summary>
    public static (IAuditTrail Trail, IDisposable Connection) TenantTrail(string connectionString, long tenant)
    {
        var store = TeamStore.Connect(connectionString);
        return (store.Tenant(tenant).Audit, store);
    }
}
